import Datasets
import Foundation
import TensorCore

/// A data source of the user's own: a `.csv` file of numbers, one example per line, its
/// features first and its class index (0, 1, 2, ...) last, such as `0.25,-1.5,1`.
///
/// A first line that is not all numbers is taken as a header. `--data points.csv` picks this
/// source from the file's extension; `--data-source csv-table --data FILE` names it.
struct CSVTableSource: DataSource {
    var name: String { "csv-table" }
    var summary: String { "a .csv file of numbers, the features then a class index on each line" }

    func recognizes(path: String) -> Bool {
        path.lowercased().hasSuffix(".csv") && FileManager.default.fileExists(atPath: path)
    }

    func load(_ request: DataRequest) throws -> DataBundle {
        guard let path = request.location else {
            throw CSVTableError(file: "csv-table", line: 0, problem: "no file given; set the data location to a .csv file")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CSVTableError(file: path, line: 0, problem: "cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        var features: [Float] = []
        var labels: [Float] = []
        var width: Int?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if fields.allSatisfy(\.isEmpty) { continue }
            let numbers = fields.compactMap { Float($0) }.filter(\.isFinite)
            if index == 0 && numbers.count < fields.count { continue }  // a header
            guard numbers.count == fields.count, fields.count >= 2 else {
                throw CSVTableError(file: path, line: index + 1,
                                    problem: "write two or more finite numbers separated by commas")
            }
            guard width == nil || width == fields.count else {
                throw CSVTableError(file: path, line: index + 1, problem: "\(fields.count) columns, the lines before have \(width!)")
            }
            guard let label = numbers.last, label >= 0, label == label.rounded(), label < 10_000 else {
                throw CSVTableError(file: path, line: index + 1, problem: "the last column must be a class index 0, 1, 2, ... below 10000")
            }
            width = fields.count
            features += numbers.dropLast()
            labels.append(label)
        }
        guard let width, labels.count >= 2 else {
            throw CSVTableError(file: path, line: 0, problem: "needs at least 2 lines of numbers")
        }
        let classes = Int(labels.max()!) + 1
        let dataset = Dataset(name: name, inputs: Tensor(shape: [labels.count, width - 1], storage: features),
                              targets: Tensor(shape: [labels.count], storage: labels),
                              classNames: (0..<classes).map { "class \($0)" })
        return try DataBundle(dataset: dataset, validationFraction: request.validationFraction, seed: request.splitSeed,
                              trainLimit: request.trainLimit, classes: request.classes, path: path)
    }
}

/// A line of a CSV table that cannot be read, with how to fix it.
struct CSVTableError: Error, CustomStringConvertible {
    let file: String
    /// From 1; 0 for the whole file.
    let line: Int
    let problem: String

    var description: String { line == 0 ? "\(file): \(problem)" : "\(file), line \(line): \(problem)" }
}
