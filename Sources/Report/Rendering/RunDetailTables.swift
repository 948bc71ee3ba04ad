import ArtifactSchema
import CurveAnalysis

/// The data and environment tables of a run page, read from run.json's `data` and
/// `environment` objects as JSON: members the report knows get a label and a readable value in
/// a fixed order; any other member (a new data source's, a newer LRLab's) follows as its name
/// in words and its value, so new members show without a change here. Values are plain text;
/// the templates escape them.
enum RunDetailTables {
    typealias Row = (name: String, value: String)

    /// Known `data` members in display order, with their labels.
    static let dataLabels: [(key: String, label: String)] = [
        ("name", "data set"), ("source", "source"), ("layout", "layout"), ("path", "path"),
        ("fileCount", "files read"), ("classes", "classes"), ("trainCount", "training examples"),
        ("validationCount", "validation examples"), ("validationFraction", "validation fraction"),
        ("exampleShape", "example shape"), ("imageSize", "image size"), ("channels", "channels"),
        ("resize", "resize method"), ("resizeMethod", "resize method"), ("normalization", "normalization"),
        ("skippedFiles", "skipped bad files"), ("contentHash", "content hash"),
    ]

    /// Known `environment` members in display order, with their labels.
    static let environmentLabels: [(key: String, label: String)] = [
        ("blasLibrary", "BLAS library"), ("blasKernel", "BLAS kernel"), ("blasConfig", "BLAS build"),
        ("blasThreads", "BLAS threads"), ("cpuModel", "CPU"), ("cpuFeatures", "CPU features"),
        ("reproducible", "reproducible mode"), ("reproducibleNote", "reproducibility note"),
        ("convolution", "convolution"), ("normalization", "batch normalisation"), ("lrlabVersion", "LRLab version"), ("lrlabCommit", "LRLab commit"), ("operatingSystem", "operating system"),
    ]

    /// At most this many items of a list are shown (class names, skipped files).
    static let listLimit = 12

    static func dataRows(_ json: JSONValue) -> [Row] {
        guard let data = json.objectValue?["data"]?.objectValue else { return [] }
        return rows(data, labels: dataLabels) { key, value in
            switch key {
            case "classes":
                guard case .array(let names) = value else { return nil }
                return "\(names.count): " + list(names.map(plain))
            case "exampleShape", "imageSize":
                guard case .array(let sides) = value else { return nil }
                let text = sides.map(plain).joined(separator: " × ")
                if key == "exampleShape", sides.count == 3 {
                    return text + " (\(plain(sides[0])) channel\(sides[0].intValue == 1 ? "" : "s"), \(plain(sides[1])) × \(plain(sides[2])) pixels)"
                }
                return text
            case "normalization":
                return normalization(value)
            case "skippedFiles":
                guard case .array(let files) = value else { return nil }
                return files.isEmpty ? "none" : "\(files.count): " + list(files.map(plain), separator: "; ")
            case "validationFraction":
                return value.numberValue.map { LRFormat.loss($0 * 100) + "%" }
            default:
                return nil
            }
        }
    }

    static func environmentRows(_ json: JSONValue) -> [Row] {
        guard let environment = json.objectValue?["environment"]?.objectValue else { return [] }
        return rows(environment, labels: environmentLabels) { key, value in
            switch key {
            case "reproducible":
                return value.boolValue.map { $0 ? "on: BLAS kernel pinned, bit-identical across machines that support it"
                    : "off: the fastest kernel for this machine" }
            case "cpuFeatures":
                guard case .array(let features) = value else { return nil }
                return features.map(plain).joined(separator: " ")
            default:
                return nil
            }
        }
    }

    /// Known members first (with `special`'s text where it has one), then the rest by name.
    private static func rows(_ members: [String: JSONValue], labels: [(key: String, label: String)],
                             special: (String, JSONValue) -> String?) -> [Row] {
        var rows: [Row] = []
        var shown = Set<String>()
        for (key, label) in labels {
            guard let value = members[key], value != .null else { continue }
            shown.insert(key)
            let text = special(key, value) ?? plain(value)
            if !text.isEmpty { rows.append((label, text)) }
        }
        for key in members.keys.sorted() where !shown.contains(key) {
            guard let value = members[key], value != .null else { continue }
            let text = plain(value)
            if !text.isEmpty { rows.append((words(key), text)) }
        }
        return rows
    }

    /// `(x - mean) / std`, with one mean and std or one per channel.
    private static func normalization(_ value: JSONValue) -> String? {
        guard let members = value.objectValue else { return nil }
        let measure = { (value: JSONValue?) -> String? in
            switch value {
            case .number(let number)?: return LRFormat.loss(number)
            case .array(let numbers)?: return "[" + numbers.map(plain).joined(separator: ", ") + "]"
            default: return nil
            }
        }
        guard let mean = measure(members["mean"]), let std = measure(members["std"]) else { return plain(value) }
        let perChannel = members["mean"].map { if case .array = $0 { return true } else { return false } } ?? false
        var text = "mean \(mean), std \(std)" + (perChannel ? " per channel" : "") + ", from the training split"
        let rest = members.keys.sorted().filter { $0 != "mean" && $0 != "std" }
        if !rest.isEmpty { text += "; " + rest.map { "\(words($0)) \(plain(members[$0]!))" }.joined(separator: ", ") }
        return text
    }

    /// A value as text: numbers as measures (whole numbers in full), lists joined, objects as
    /// `name value` pairs.
    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "yes" : "no"
        case .number(let number): return LRFormat.loss(number)
        case .string(let text): return text
        case .array(let items): return list(items.map(plain))
        case .object(let members):
            return members.keys.sorted().map { "\(words($0)) \(plain(members[$0]!))" }.joined(separator: ", ")
        }
    }

    private static func list(_ items: [String], separator: String = ", ") -> String {
        let shown = items.prefix(listLimit).joined(separator: separator)
        return items.count > listLimit ? shown + separator + "… (\(items.count - listLimit) more)" : shown
    }

    /// `trainCount` → `train count`, `csvFillCount` → `csv fill count`, `BLASThreads` →
    /// `BLAS threads`: words split at case changes, lowercased except acronyms.
    static func words(_ key: String) -> String {
        let characters = Array(key)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "_" || character == "-" { result.append(" "); continue }
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let startsWord = character.isUppercase
                && (previous.map { $0.isLowercase || $0.isNumber } == true
                    || (previous?.isUppercase == true && next?.isLowercase == true))
            if startsWord { result.append(" ") }
            let inAcronym = character.isUppercase && next?.isLowercase != true
                && (previous?.isUppercase == true || next?.isUppercase == true)
            result += inAcronym ? String(character) : character.lowercased()
        }
        return result
    }
}
