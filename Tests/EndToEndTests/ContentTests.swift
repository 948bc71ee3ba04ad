import Foundation
import XCTest

/// The study-group posts in Content/posts cite real, complete LRLab runs that are committed in
/// Content/runs, and `report build` turns them into a site.
final class ContentTests: XCTestCase {
    private var contentDirectory: URL { CommandRunner.packageRoot.appendingPathComponent("Content") }
    private var runsDirectory: URL { contentDirectory.appendingPathComponent("runs") }

    /// Every post's `runs:` list and `{{< run >}}`/`{{< group >}}` directive names a committed
    /// run or group; each run is complete, made by `train` on Fashion-MNIST (its IDX files or an
    /// image folder exported from them), with one metrics row per training batch. Only a post that
    /// cites no run at all (the glossary) may leave `runs:` out.
    func testEveryCitedRunIsCommittedCompleteAndConsistent() throws {
        let posts = try postFiles()
        XCTAssertTrue(Set(posts.map(\.lastPathComponent)).isSuperset(of: Self.studyGroupPosts),
                      "the study-group posts in Content/posts: \(posts.map(\.lastPathComponent))")
        for post in posts {
            let text = try String(contentsOf: post, encoding: .utf8)
            let frontMatter = try XCTUnwrap(Self.frontMatter(of: text), "\(post.lastPathComponent): no front matter")
            let cited = Self.listValue(of: "runs", in: frontMatter)
            if cited.isEmpty {
                XCTAssertTrue(Self.directiveIDs(in: text).isEmpty && !text.contains("{{< value"),
                              "\(post.lastPathComponent): cites runs but its `runs:` lists none")
            }
            XCTAssertEqual(Self.scalarValue(of: "draft", in: frontMatter), "false", "\(post.lastPathComponent) is a draft")
            for id in Set(cited + Self.directiveIDs(in: text)) {
                try checkRunOrGroup(id, citedBy: post.lastPathComponent)
            }
        }
    }

    /// `report build` over Content succeeds and writes a page for every post.
    func testReportBuildsTheContentIntoPostPages() throws {
        let output = try CommandRunner.temporaryDirectory(self).appendingPathComponent("site")
        let root = CommandRunner.packageRoot
        let result = try CommandRunner.run("report", ["build", "--content", contentDirectory.path,
                                                      "--templates", root.appendingPathComponent("Templates").path,
                                                      "--output", output.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        for post in try postFiles() {
            let slug = post.deletingPathExtension().lastPathComponent
            let page = output.appendingPathComponent("posts/\(slug).html")
            XCTAssertTrue(FileManager.default.fileExists(atPath: page.path), "no page \(page.path) for \(post.lastPathComponent)")
        }
    }

    /// Every `--verify` table in a post (suggestion, learning rate, validation loss, accuracy)
    /// states each number through a `{{< value ID verify.results[N].FIELD >}}` directive of a run
    /// the post cites, where result N is that row's suggestion and the fields come in table order.
    func testVerifyTablesMatchTheCitedRuns() throws {
        var tables: [String: Int] = [:]
        for post in try postFiles() {
            let text = try String(contentsOf: post, encoding: .utf8)
            let cited = Set(Self.listValue(of: "runs", in: Self.frontMatter(of: text) ?? []) + Self.directiveIDs(in: text))
            for table in Self.verifyTables(in: text) {
                tables[post.lastPathComponent, default: 0] += 1
                for row in table {
                    let cells = Array(row.dropFirst())
                    let parsed = cells.compactMap(Self.verifyValueDirective)
                    XCTAssertEqual(parsed.count, 3, "\(post.lastPathComponent): row `\(row)` does not state its numbers through value directives")
                    guard parsed.count == 3 else { continue }
                    XCTAssertEqual(parsed.map(\.field), ["lr", "validLoss", "accuracy"], "\(post.lastPathComponent): row `\(row[0])` columns")
                    XCTAssertEqual(Set(parsed.map(\.id)).count, 1, "\(post.lastPathComponent): row `\(row[0])` mixes runs")
                    XCTAssertEqual(Set(parsed.map(\.index)).count, 1, "\(post.lastPathComponent): row `\(row[0])` mixes results")
                    let id = parsed[0].id
                    XCTAssertTrue(cited.contains(id), "\(post.lastPathComponent): the verify table cites \(id), which the post does not list")
                    let url = runsDirectory.appendingPathComponent(id).appendingPathComponent("run.json")
                    let results = try (Self.jsonObject(at: url)["verify"] as? [String: Any])?["results"] as? [[String: Any]] ?? []
                    let index = parsed[0].index
                    XCTAssertEqual(index < results.count ? results[index]["suggestion"] as? String : nil, row[0],
                                   "\(post.lastPathComponent): the row `\(row[0])` shows \(id)'s verify result \(index)")
                }
            }
        }
        XCTAssertEqual(tables["reading-the-range-test-suggestions.md"], 1, "the first post's verify table")
        XCTAssertEqual(tables["finder-after-training.md"], 2, "the after-training post's two verify tables")
    }

    /// `{{< value ID verify.results[N].FIELD >}}` as (ID, N, FIELD).
    static func verifyValueDirective(_ cell: String) -> (id: String, index: Int, field: String)? {
        let words = cell.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
        guard words.count == 5, words[0] == "{{<", words[1] == "value", words[4] == ">}}",
              words[3].hasPrefix("verify.results["), let close = words[3].firstIndex(of: "]") else { return nil }
        let start = words[3].index(words[3].startIndex, offsetBy: "verify.results[".count)
        guard let index = Int(words[3][start..<close]), words[3][words[3].index(after: close)...].hasPrefix(".") else { return nil }
        return (words[2], index, String(words[3][words[3].index(close, offsetBy: 2)...]))
    }

    /// The posts of the study group's course.
    static let studyGroupPosts: Set<String> = [
        "reading-the-range-test.md", "reading-the-range-test-suggestions.md", "bumps-and-odd-shapes.md",
        "learning-rate-and-batch-size.md", "batch-size-on-an-image-folder.md", "seeds-and-initial-weights.md",
        "one-cycle-and-discriminative-rates.md", "finder-after-training.md", "glossary-and-references.md",
    ]

    // MARK: - Checks

    private func checkRunOrGroup(_ id: String, citedBy post: String) throws {
        let folder = runsDirectory.appendingPathComponent(id)
        let groupFile = folder.appendingPathComponent("group.json")
        if FileManager.default.fileExists(atPath: groupFile.path) {
            let group = try Self.jsonObject(at: groupFile)
            XCTAssertEqual(group["format"] as? String, "lrlab-group", "\(post): \(id)/group.json")
            let members = try XCTUnwrap(group["runs"] as? [String], "\(post): \(id)/group.json has no runs")
            XCTAssertFalse(members.isEmpty, "\(post): group \(id) is empty")
            for chart in (group["charts"] as? [String: String] ?? [:]).values {
                XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(chart).path),
                              "\(post): group \(id) misses its chart \(chart)")
            }
            for member in members { try checkRun(member, citedBy: "\(post) (group \(id))") }
        } else {
            try checkRun(id, citedBy: post)
        }
    }

    private func checkRun(_ id: String, citedBy post: String) throws {
        let folder = runsDirectory.appendingPathComponent(id)
        let manifestURL = folder.appendingPathComponent("run.json")
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            return XCTFail("\(post) cites \(id), but Content/runs/\(id)/run.json does not exist")
        }
        let run = try Self.jsonObject(at: manifestURL)
        XCTAssertEqual(run["format"] as? String, "lrlab-run", "\(id)")
        XCTAssertEqual(run["id"] as? String, id, "\(id): run.json names another id")
        XCTAssertEqual(run["complete"] as? Bool, true, "\(id) is not complete (status \(run["status"] ?? "?"))")
        XCTAssertNotNil(run["lrlabVersion"] as? String, "\(id): no lrlabVersion")
        let commandLine = run["commandLine"] as? [String] ?? []
        XCTAssertEqual(commandLine.first, "train", "\(id): made by \(commandLine), not by `train`")
        let data = run["data"] as? [String: Any] ?? [:]
        let fromFashionMNIST = data["name"] as? String == "fashion-mnist"
            || (data["source"] as? String == "image-folder" && (data["path"] as? String)?.hasPrefix(".build/content-data/") == true)
        XCTAssertTrue(fromFashionMNIST, "\(id): trained on \(data["name"] ?? "no named data"), not Fashion-MNIST or a folder exported from it")
        let summary = try XCTUnwrap(run["summary"] as? [String: Any], "\(id): no summary")
        let iterations = try XCTUnwrap(summary["iterations"] as? Int, "\(id): summary has no iterations")
        XCTAssertGreaterThan(iterations, 0, "\(id) ran no batches")
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
        let lines = metrics.split(separator: "\n", omittingEmptySubsequences: true)
        XCTAssertEqual(lines.first.map { $0.hasPrefix("iteration,epoch,lr,") }, true, "\(id): metrics.csv header")
        XCTAssertEqual(lines.count - 1, iterations, "\(id): metrics.csv rows vs summary.iterations")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("plot.svg").path), "\(id): no plot.svg")
    }

    /// Whether each row (`suggestion`, lr, loss, accuracy %) agrees with the result of that
    /// suggestion to the digits shown: lr within 5%, loss within half a unit of its last digit,
    /// accuracy within 0.05 points.
    static func table(_ rows: [[String]], matches results: [[String: Any]]) -> Bool {
        guard rows.count == results.count else { return false }
        return rows.allSatisfy { row in
            guard let result = results.first(where: { ($0["suggestion"] as? String) == row[0] }),
                  let lr = (result["lr"] as? NSNumber)?.doubleValue,
                  let loss = (result["validLoss"] as? NSNumber)?.doubleValue,
                  let accuracy = (result["accuracy"] as? NSNumber)?.doubleValue,
                  let shownLR = Double(row[1]), let shownLoss = Double(row[2]),
                  let shownAccuracy = Double(row[3].replacingOccurrences(of: "%", with: "")) else { return false }
            let lossDigits = row[2].split(separator: ".").last.map(\.count) ?? 0
            return abs(shownLR - lr) <= 0.05 * lr
                && abs(shownLoss - loss) <= 0.5 * pow(10, -Double(lossDigits)) + 1e-9
                && abs(shownAccuracy - 100 * accuracy) <= 0.05 + 1e-6
        }
    }

    /// The body rows of each table whose header is `| suggestion | learning rate | validation loss | accuracy |`,
    /// as [suggestion without backticks, lr, loss, accuracy].
    static func verifyTables(in text: String) -> [[[String]]] {
        let header = ["suggestion", "learning rate", "validation loss", "accuracy"]
        var tables: [[[String]]] = [], current: [[String]]? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("|") else {
                if let table = current { tables.append(table); current = nil }
                continue
            }
            let cells = trimmed.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells == header { current = []; continue }
            guard current != nil, cells.count == 4, !cells[0].hasPrefix("---") else { continue }
            current?.append([cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] + cells[1...])
        }
        if let table = current { tables.append(table) }
        return tables
    }

    // MARK: - Reading posts and JSON

    private func postFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: contentDirectory.appendingPathComponent("posts"),
                                                    includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private static func jsonObject(at url: URL) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        return try XCTUnwrap(object as? [String: Any], "\(url.path) is not a JSON object")
    }

    /// The lines between the opening `---` and the next `---`.
    static func frontMatter(of text: String) -> [String]? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else { return nil }
        return Array(lines[1..<end])
    }

    /// The value after `key:` on its line, without quotes and a trailing comment.
    static func scalarValue(of key: String, in frontMatter: [String]) -> String? {
        guard let line = frontMatter.first(where: { $0.hasPrefix("\(key):") }) else { return nil }
        var value = String(line.dropFirst(key.count + 1))
        if let hash = value.range(of: " #") { value = String(value[..<hash.lowerBound]) }
        return value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }

    /// The items of a flow list `key: [a, b]`.
    static func listValue(of key: String, in frontMatter: [String]) -> [String] {
        guard let value = scalarValue(of: key, in: frontMatter), value.hasPrefix("["), value.hasSuffix("]") else { return [] }
        return value.dropFirst().dropLast().split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            .filter { !$0.isEmpty }
    }

    /// Ids in `{{< run ID >}}` and `{{< group ID >}}` lines outside fenced code.
    static func directiveIDs(in text: String) -> [String] {
        var ids: [String] = [], fenced = false
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("```") { fenced.toggle(); continue }
            guard !fenced, line.hasPrefix("{{<"), line.hasSuffix(">}}") else { continue }
            let words = line.dropFirst(3).dropLast(3).split(separator: " ")
            if words.count == 2, words[0] == "run" || words[0] == "group" { ids.append(String(words[1])) }
        }
        return ids
    }
}
