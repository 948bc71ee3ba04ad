import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LRLabTestSupport
import XCTest

/// What a reader of a run folder checks after a crash or a full disk: each file under a final
/// name is whole (run.json and group.json decode, CSV files hold whole rows, SVGs parse as XML,
/// events.jsonl holds whole JSON lines) and temporary files are hidden.
struct RunFolderChecks {
    /// What was found in one folder of runs.
    struct Findings {
        /// Run folder name -> its run.json.
        var manifests: [String: [String: Any]] = [:]
        /// Run folder name -> data rows of its metrics.csv.
        var metricRows: [String: Int] = [:]
        /// TensorBoard event files, to check with TensorBoard's reader.
        var eventFiles: [String] = []
        /// Hidden temporary files and staging folders a killed write left (readers skip them).
        var leftoverTemporaries: [String] = []
        /// Problems, each naming the file.
        var problems: [String] = []
    }

    /// Checks every folder in `runs` (run folders and sweep group folders).
    static func check(runs: URL) -> Findings {
        var findings = Findings()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        for name in names.sorted() {
            let url = runs.appendingPathComponent(name)
            if name.hasPrefix(".") {
                if name.contains(".tmp-") { findings.leftoverTemporaries.append(url.path) } else {
                    findings.problems.append("\(url.path): an unexpected hidden entry")
                }
                continue
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            checkTemporaries(in: url, &findings)
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("sweep.json").path) {
                checkGroup(url, &findings)
            } else {
                checkRun(url, name: name, &findings)
            }
        }
        return findings
    }

    /// A temporary file must be hidden (a dot name with `.tmp-`): the report and the sweep
    /// read only the final names. Hidden ones are listed, anything else with `.tmp` is a problem.
    private static func checkTemporaries(in folder: URL, _ findings: inout Findings) {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return }
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix("."), name.contains(".tmp-") {
                findings.leftoverTemporaries.append(folder.appendingPathComponent(relative).path)
            } else if name.contains(".tmp") || name.contains(".new-") {
                findings.problems.append("\(folder.appendingPathComponent(relative).path): a temporary file under a visible name")
            }
        }
    }

    private static func checkRun(_ folder: URL, name: String, _ findings: inout Findings) {
        let manifestURL = folder.appendingPathComponent("run.json")
        guard let manifest = jsonObject(manifestURL, &findings) else {
            if !FileManager.default.fileExists(atPath: manifestURL.path) {
                findings.problems.append("\(folder.path): a run folder without run.json")
            }
            return
        }
        findings.manifests[name] = manifest
        let status = manifest["status"] as? String ?? "(none)"
        let known = ["running", "completed", "diverged", "cancelled", "interrupted", "failed"]
        if !known.contains(status) { findings.problems.append("\(manifestURL.path): status \(status)") }
        if status == "running" {
            if manifest["complete"] as? Bool != false {
                findings.problems.append("\(manifestURL.path): running but `complete` is not false")
            }
            let summary = manifest["summary"] as? [String: Any]
            if summary?["iterations"] as? Int == nil || summary?["epochs"] as? Int == nil {
                findings.problems.append("\(manifestURL.path): a running manifest without summary.iterations/epochs")
            }
        }
        let summary = manifest["summary"] as? [String: Any]
        let metrics = folder.appendingPathComponent("metrics.csv")
        if (summary?["iterations"] as? Int ?? 0) > 0, !FileManager.default.fileExists(atPath: metrics.path) {
            findings.problems.append("\(manifestURL.path): says iterations were done but metrics.csv is gone")
        }
        // plot.svg is written at an epoch's end before run.json counts the epoch.
        if (summary?["epochs"] as? Int ?? 0) > 0, manifest["kind"] as? String != "lr-find",
           !FileManager.default.fileExists(atPath: folder.appendingPathComponent("plot.svg").path) {
            findings.problems.append("\(manifestURL.path): says an epoch ended but plot.svg is gone")
        }
        if let rows = csvRows(metrics, &findings) {
            findings.metricRows[name] = rows
            if let done = (manifest["summary"] as? [String: Any])?["iterations"] as? Int, done > rows {
                findings.problems.append("\(manifestURL.path): says \(done) iterations but metrics.csv has \(rows) rows")
            }
        }
        if let epochRows = csvRows(folder.appendingPathComponent("epochs.csv"), &findings), status == "running",
           let epochs = (manifest["summary"] as? [String: Any])?["epochs"] as? Int, epochs < epochRows - 1 {
            // epochs.csv is written just before run.json at an epoch's end: at most one behind.
            findings.problems.append("\(manifestURL.path): says \(epochs) epochs but epochs.csv has \(epochRows): "
                                     + "run.json was not rewritten after every epoch")
        }
        checkJSONLines(folder.appendingPathComponent("events.jsonl"), &findings)
        checkSVG(folder.appendingPathComponent("plot.svg"), &findings)
        let tensorboard = folder.appendingPathComponent("tensorboard")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: tensorboard.path)) ?? []
        where file.hasPrefix("events.out.tfevents.") {
            findings.eventFiles.append(tensorboard.appendingPathComponent(file).path)
        }
    }

    private static func checkGroup(_ folder: URL, _ findings: inout Findings) {
        _ = jsonObject(folder.appendingPathComponent("sweep.json"), &findings)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("group.json").path) {
            _ = jsonObject(folder.appendingPathComponent("group.json"), &findings)
        }
        for file in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where file.hasSuffix(".svg") {
            checkSVG(folder.appendingPathComponent(file), &findings)
        }
    }

    /// The JSON object in `url`, or nil (with a problem unless the file is missing).
    static func jsonObject(_ url: URL, _ findings: inout Findings) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            findings.problems.append("\(url.path): not a whole JSON object (\(data.count) bytes)")
            return nil
        }
        return object
    }

    /// The data rows of the CSV file `url` after checking that every line is whole: the file
    /// ends with a newline, every line has the header's column count and numbers or empty
    /// cells; nil when the file is missing.
    static func csvRows(_ url: URL, _ findings: inout Findings) -> Int? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard !text.isEmpty else {
            findings.problems.append("\(url.path): empty (not even a header)")
            return 0
        }
        if !text.hasSuffix("\n") { findings.problems.append("\(url.path): the last line is partial (no newline at the end)") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0)
        let columns = lines.first!.split(separator: ",", omittingEmptySubsequences: false).count
        for (index, line) in lines.enumerated().dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            if cells.count != columns || !cells.allSatisfy({ $0.isEmpty || Double($0) != nil }) {
                findings.problems.append("\(url.path) line \(index + 1): \(cells.count) cells for \(columns) columns: '\(line)'")
            }
        }
        return lines.count - 1
    }

    private static func checkJSONLines(_ url: URL, _ findings: inout Findings) {
        guard let data = FileManager.default.contents(atPath: url.path), !data.isEmpty else { return }
        let text = String(decoding: data, as: UTF8.self)
        if !text.hasSuffix("\n") { findings.problems.append("\(url.path): the last line is partial (no newline at the end)") }
        for (index, line) in text.split(separator: "\n").enumerated()
        where (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) == nil {
            findings.problems.append("\(url.path) line \(index + 1): not a whole JSON object")
        }
    }

    /// `url` parses as an XML document whose root is `svg`.
    static func checkSVG(_ url: URL, _ findings: inout Findings) {
        guard let data = FileManager.default.contents(atPath: url.path) else { return }
        let parser = XMLParser(data: data)
        let root = RootElement()
        parser.delegate = root
        if !parser.parse() || root.name != "svg" {
            findings.problems.append("\(url.path): not a whole SVG document (\(data.count) bytes, "
                                     + "\(parser.parserError.map { "\($0)" } ?? "root \(root.name ?? "none")"))")
        }
    }

    private final class RootElement: NSObject, XMLParserDelegate {
        var name: String?
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == nil { name = elementName }
        }
    }

    /// Checks `files` with TensorBoard's own reader (Tests/Python/tensorboard_events.py): each is
    /// whole TFRecords only, and the reader loads every one.
    static func checkEventFiles(_ files: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        guard !files.isEmpty else { return }
        let data = try TestPython.run(script: "tensorboard_events.py", ["check-records"] + files)
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: [String: Int]])
        for path in files {
            let entry = try XCTUnwrap(result[path], path, file: file, line: line)
            XCTAssertEqual(entry["whole_bytes"], entry["bytes"], "\(path) ends in a partial record: \(entry)", file: file, line: line)
            XCTAssertEqual(entry["loaded"], entry["records"], "TensorBoard read \(entry) from \(path)", file: file, line: line)
            XCTAssertGreaterThan(entry["records"] ?? 0, 0, path, file: file, line: line)
        }
    }
}
