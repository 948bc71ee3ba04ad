import ArtifactSchema
import CurveAnalysis

/// The settings table of a run: one labelled, human-readable row per recorded setting.
enum RunSettings {
    static func rows(_ manifest: RunManifest) -> [(name: String, value: String)] {
        var rows: [(String, String)] = []
        func add(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { rows.append((name, value)) }
        }
        let lr = LRFormat.string
        add("kind", manifest.kind?.rawValue)
        add("status", manifest.status.rawValue + (manifest.complete ? "" : " (incomplete)"))
        add("model", manifest.model.name)
        add("parameters", manifest.model.parameterCount.map(String.init))
        if let data = manifest.data {
            let counts = [data.trainCount.map { "\($0) train" }, data.validationCount.map { "\($0) validation" }]
                .compactMap { $0 }.joined(separator: ", ")
            add("data", [data.name, counts.isEmpty ? nil : "(\(counts))"].compactMap { $0 }.joined(separator: " "))
        }
        add("batch size", manifest.batchSize.map(String.init))
        add("seed", manifest.seed.map(String.init))
        let optimizer = manifest.optimizer
        if !optimizer.isEmpty {
            var parts = [optimizer["kind"]?.stringValue ?? "optimizer"]
            if let momentum = optimizer["momentum"]?.numberValue { parts.append("momentum \(LRFormat.loss(momentum))") }
            if optimizer["nesterov"]?.boolValue == true { parts.append("Nesterov") }
            if let decay = optimizer["weightDecay"]?.numberValue { parts.append("weight decay \(lr(decay))") }
            add("optimizer", parts.joined(separator: ", "))
        }
        if let schedule = manifest.schedule {
            var parts = [schedule["kind"]?.stringValue ?? "schedule"]
            if let start = schedule["startLR"]?.numberValue, let end = schedule["endLR"]?.numberValue {
                parts.append("\(lr(start)) to \(lr(end))")
            }
            if let iterations = schedule["iterations"]?.intValue { parts.append("\(iterations) iterations") }
            add("schedule", parts.joined(separator: ", "))
        }
        if !manifest.settings.isEmpty {
            add("settings", manifest.settings.sorted { $0.key < $1.key }
                .map { "\($0.key) \(settingText($0.value))" }.joined(separator: ", "))
        }
        let summary = manifest.summary
        add("iterations run", String(summary.iterations))
        add("best loss", summary.bestLoss.map(LRFormat.loss))
        add("final loss", summary.finalLoss.map(LRFormat.loss))
        add("validation loss", summary.validLoss.map(LRFormat.loss))
        add("accuracy", summary.accuracy.map(LRFormat.loss))
        add("seconds", LRFormat.loss(summary.seconds))
        add("BLAS threads", manifest.blasThreads.map(String.init))
        add("started", manifest.startedAt)
        add("ended", manifest.endedAt)
        add("LRLab version", manifest.lrlabVersion)
        add("command line", shellCommand(manifest.commandLine))
        return rows
    }

    /// A recorded setting's value as text: whole numbers without a fraction, other numbers as
    /// losses are shown, lists and objects spelled out.
    static func settingText(_ value: JSONValue) -> String {
        switch value {
        case .null: return "none"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : LRFormat.loss(number)
        case .string(let text): return text
        case .array(let items): return "[" + items.map(settingText).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { "\($0.key) \(settingText($0.value))" }
                .joined(separator: ", ") + "}"
        }
    }

    /// Arguments joined for display, single-quoted where a shell would need it.
    static func shellCommand(_ arguments: [String]) -> String {
        arguments.map { argument in
            let safe = !argument.isEmpty && argument.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "-_./=:,+@%".unicodeScalars.contains($0)
            }
            return safe ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
