import ArtifactSchema
import CurveAnalysis
import Foundation

/// Resolves a `{{< value ID KEY [FORMAT] >}}` directive against the loaded runs and sweeps and
/// formats the value the way the rest of the site writes that kind of number.
///
/// KEY is a dotted path into run.json or group.json (`suggestions.steep.lr`,
/// `verify.results[1].accuracy`); `.count` after an array gives its length (`runs.count`); for a
/// sweep, `flagged.FLAG` counts the member runs whose analysis carries that flag ("3 of 6").
struct ValueLookup {
    let site: SiteContent
    let file: String

    /// The explicit formats a directive's third argument may name.
    enum Format: Equatable {
        /// Two significant digits, as every learning rate on the site (`LRFormat.string`).
        case lr
        /// Three significant digits, as losses and other measures (`LRFormat.loss`).
        case loss
        /// A fraction as a percentage with three significant digits (0.852 → `85.2%`).
        case percent
        /// A whole number (rounded).
        case int
        /// A fixed number of decimals, `fixed0` … `fixed6`.
        case fixed(Int)

        static let names = ["lr", "loss", "percent", "int", "fixed0", "fixed1", "fixed2", "fixed3", "fixed4", "fixed5", "fixed6"]

        init?(name: String) {
            switch name {
            case "lr": self = .lr
            case "loss": self = .loss
            case "percent": self = .percent
            case "int": self = .int
            default:
                guard name.hasPrefix("fixed"), let digits = Int(name.dropFirst(5)), (0...6).contains(digits) else { return nil }
                self = .fixed(digits)
            }
        }

        func string(_ value: Double) -> String {
            guard value.isFinite else { return LRFormat.loss(value) }
            switch self {
            case .lr: return LRFormat.string(value)
            case .loss: return LRFormat.loss(value)
            case .percent: return LRFormat.loss(value * 100) + "%"
            case .int: return String(Int(value.rounded()))
            case .fixed(let digits): return String(format: "%.\(digits)f", value)
            }
        }

        /// The format a key's name implies: learning rates (`lr`, `…LR`, the LR points of a
        /// scaling fit), accuracy-like fractions, counts; other numbers as measures (whole
        /// numbers in full).
        static func implied(by path: [PathStep], value: Double) -> Format {
            let names = path.compactMap { step -> String? in if case .member(let name) = step { return name }; return nil }
            let key = names.last ?? ""
            if key == "lr" || key.hasSuffix("LR") || key.hasSuffix("Lr") { return .lr }
            if names.contains("points"), ["median", "low", "high", "lowerQuartile", "upperQuartile"].contains(key) { return .lr }
            if ["accuracy", "errorRate", "noiseLevel"].contains(key) || key.hasSuffix("Fraction") { return .percent }
            if value == value.rounded(), abs(value) < 1e15 { return .int }
            return .loss
        }
    }

    /// One step of a KEY: a member name or an array index.
    enum PathStep: Equatable, CustomStringConvertible {
        case member(String)
        case index(Int)

        var description: String {
            switch self {
            case .member(let name): return "." + name
            case .index(let index): return "[\(index)]"
            }
        }
    }

    /// The directive's text for the post; throws naming the file and line, with close matches.
    func resolve(_ directive: ValueDirective) throws -> String {
        let format: Format?
        if let name = directive.format {
            guard let known = Format(name: name) else {
                throw ReportError.directive(file: file, line: directive.line,
                                            problem: "unknown format `\(name)` in the value directive; use one of "
                                                + Format.names.map { "`\($0)`" }.joined(separator: ", ") + " or leave it out")
            }
            format = known
        } else {
            format = nil
        }
        guard ContentPath.isPlainName(directive.id) else {
            throw ReportError.pathEscapes(file: "\(file):\(directive.line)", path: directive.id)
        }
        let json: JSONValue, source: String
        if let run = site.run(directive.id) {
            (json, source) = (run.json, RunFiles.manifest)
        } else if let group = site.group(directive.id) {
            if directive.key.hasPrefix("flagged.") {
                return try flagged(group, flag: String(directive.key.dropFirst("flagged.".count)), line: directive.line)
            }
            (json, source) = (group.json, GroupFiles.manifest)
        } else {
            throw ReportError.unknownRun(file: file, line: directive.line, id: directive.id,
                                         closeMatches: CloseMatches.find(directive.id, in: site.citableIDs))
        }
        let path = try Self.parse(directive.key, line: directive.line, file: file)
        // Seeds may exceed 2^53, which a JSON number read as a Double cannot hold exactly.
        if path == [.member("seed")], let seed = site.run(directive.id)?.manifest.seed, format == nil { return String(seed) }
        let value = try lookUp(path, in: json, directive: directive, source: source)
        return try text(value, path: path, format: format, directive: directive, source: source)
    }

    /// "K of N": member runs of the sweep whose `analysis.flags` include `flag`.
    private func flagged(_ group: GroupArtifacts, flag: String, line: Int) throws -> String {
        let members = group.manifest.runs.compactMap(site.run)
        let flagsOf = { (run: RunArtifacts) -> [String] in
            guard case .array(let values)? = run.json.objectValue?["analysis"]?.objectValue?["flags"] else { return [] }
            return values.compactMap(\.stringValue)
        }
        let known = Set(RangeTestAnalysis.Flag.allCases.map(\.rawValue) + members.flatMap(flagsOf))
        guard known.contains(flag) else {
            throw ReportError.directive(
                file: file, line: line,
                problem: "no run knows the analysis flag `\(flag)`" + Self.hint(CloseMatches.find(flag, in: known.sorted()).map { "flagged." + $0 })
                    + "; flags are " + known.sorted().map { "`\($0)`" }.joined(separator: ", "))
        }
        return "\(members.filter { flagsOf($0).contains(flag) }.count) of \(members.count)"
    }

    /// `a.b[1].c` as steps; every member name non-empty, indices whole numbers.
    static func parse(_ key: String, line: Int, file: String) throws -> [PathStep] {
        var steps: [PathStep] = []
        let bad = { (why: String) in
            ReportError.directive(file: file, line: line,
                                  problem: "bad key `\(key)` in the value directive (\(why)); write a dotted path such as `suggestions.valley.lr` or `verify.results[0].accuracy`")
        }
        for part in key.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let name = rest.prefix { $0 != "[" }
            rest = rest.dropFirst(name.count)
            if !name.isEmpty { steps.append(.member(String(name))) }
            else if steps.isEmpty || rest.isEmpty { throw bad("an empty name") }
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                      index >= 0 else { throw bad("an index must be written `[N]`") }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        return steps
    }

    private func lookUp(_ path: [PathStep], in root: JSONValue, directive: ValueDirective, source: String) throws -> JSONValue {
        var value = root
        var walked = ""
        for (position, step) in path.enumerated() {
            let next: JSONValue?
            switch (step, value) {
            case (.member(let name), .object(let members)): next = members[name]
            case (.member("count"), .array(let items)) where position == path.count - 1: next = .number(Double(items.count))
            case (.index(let index), .array(let items)): next = index < items.count ? items[index] : nil
            default: next = nil
            }
            guard let next else {
                let here = walked.isEmpty ? "the top level" : "`\(walked.dropFirst(walked.hasPrefix(".") ? 1 : 0))`"
                let why: String
                switch (step, value) {
                case (.index(let index), .array(let items)): why = "\(here) has \(items.count) item(s), no [\(index)]"
                case (.member(let name), .object): why = "\(here) has no member `\(name)`"
                case (.index, _): why = "\(here) is not an array"
                default: why = "\(here) is not an object"
                }
                throw ReportError.directive(
                    file: file, line: directive.line,
                    problem: "`\(directive.id)`'s \(source) has no `\(directive.key)`: \(why)"
                        + Self.hint(CloseMatches.find(directive.key, in: Self.paths(in: root, extras: source == GroupFiles.manifest))))
            }
            walked += step.description
            value = next
        }
        return value
    }

    private func text(_ value: JSONValue, path: [PathStep], format: Format?, directive: ValueDirective, source: String) throws -> String {
        let problem = { (what: String) in
            ReportError.directive(file: file, line: directive.line, problem: "`\(directive.key)` in `\(directive.id)`'s \(source) \(what)")
        }
        switch value {
        case .number(let number):
            return (format ?? Format.implied(by: path, value: number)).string(number)
        case .string(let text):
            guard format == nil else { throw problem("is the text \"\(text)\", not a number; leave out the format") }
            return text
        case .bool(let flag):
            guard format == nil else { throw problem("is \(flag), not a number; leave out the format") }
            return flag ? "yes" : "no"
        case .array(let items):
            let scalars = try items.map { item -> String in
                switch item {
                case .number(let number): return (format ?? Format.implied(by: path, value: number)).string(number)
                case .string(let text) where format == nil: return text
                default: throw problem("is a list of more than plain values; pick one item with `[N]` or its `.count`")
                }
            }
            return scalars.joined(separator: ", ")
        case .object(let members):
            throw problem("is an object; name one of its members: " + members.keys.sorted().map { "`\(directive.key).\($0)`" }.joined(separator: ", "))
        case .null:
            throw problem("is null (not recorded for this run)")
        }
    }

    /// Every path to a value in `root` (arrays' items and `.count`), for close-match hints.
    static func paths(in root: JSONValue, extras group: Bool) -> [String] {
        var result: [String] = group ? ["runs.count"] + RangeTestAnalysis.Flag.allCases.map { "flagged." + $0.rawValue } : []
        func walk(_ value: JSONValue, _ prefix: String) {
            switch value {
            case .object(let members):
                for (name, member) in members { walk(member, prefix.isEmpty ? name : prefix + "." + name) }
            case .array(let items):
                result.append(prefix)
                result.append(prefix + ".count")
                for (index, item) in items.prefix(20).enumerated() { walk(item, prefix + "[\(index)]") }
            default:
                result.append(prefix)
            }
        }
        walk(root, "")
        return result.sorted()
    }

    static func hint(_ matches: [String]) -> String {
        matches.isEmpty ? "" : "; did you mean " + matches.map { "`\($0)`" }.joined(separator: " or ")
    }
}
