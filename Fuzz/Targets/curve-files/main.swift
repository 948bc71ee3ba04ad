// Recorded range-test curves as `train suggest` reads them: LRLab's metrics.csv or any CSV,
// torch-lr-finder's JSON history (the format is told by content), then the suggestions and the
// analysis made from the curve; also the report's check of a run's metrics.csv.
import ArtifactSchema
import CurveAnalysis
import FuzzSupport
import Foundation
@testable import Report

let scratch = ScratchFile("curve.csv")

FuzzTarget.run(seeds: {
    let rows = (0..<12).map { i in "\(i),0,\(1e-5 * pow(2, Double(i))),0.9,\(2.3 - 0.1 * Double(i)),\(2.3 - 0.09 * Double(i))" }
    let csv = "iteration,epoch,lr,momentum,loss,smooth_loss\n" + rows.joined(separator: "\n") + "\n"
    let json = #"{"lr": [1e-05, 0.0001, 0.001, 0.01, 0.1, 1.0], "loss": [2.3, 2.2, 1.9, 1.2, 0.9, 3.5]}"#
    return [("metrics.csv", Array(csv.utf8)), ("history.json", Array(json.utf8)),
            ("nan-end.csv", Array("lr,loss\n0.001,2.0\n0.01,1.5\n0.1,nan\n".utf8))]
}) { bytes in
    scratch.write(bytes)
    if let curve = try? RecordedCurve.read(path: scratch.path) {
        _ = LRSuggester.suggest(curve)
        _ = LRSuggester.suggest(curve, numIterations: max(1, curve.count / 2), skipStart: 1, skipEnd: 1)
        _ = RangeTestAnalysis(curve: curve)
    }
    _ = try? MetricsTable.validate(Data(bytes), file: URL(fileURLWithPath: "metrics.csv"))
}
