import Foundation
import XCTest
@testable import CurveAnalysis

/// How far the finder's smoothed loss (debiased EMA, β = 0.98) lags the raw loss: the numbers
/// docs/lr-finder.md quotes.
final class SmoothingLagTests: XCTestCase {
    func testOnARampTheLagGrowsTowardsFortyNinePoints() {
        let ramp = (0..<400).map { Float($0) }
        let smoothed = SyntheticCurve.smoothed(ramp)
        func lag(_ i: Int) -> Double { Double(ramp[i] - smoothed[i]) }
        // Debiasing averages only the points so far, so early on the lag is shorter than β / (1 - β).
        XCTAssertEqual(lag(50), 20.7, accuracy: 0.1)
        XCTAssertEqual(lag(100), 33.9, accuracy: 0.1)
        XCTAssertEqual(lag(399), 0.98 / 0.02, accuracy: 0.2)
    }

    func testTheSmoothedMinimumComesAboutTenRungsLate() throws {
        // Noise-free U-shapes on the default ladder (100 rungs, 1e-7 to 10: 0.081 decades a rung).
        let lrs = SyntheticCurve.ladder()
        for (centre, blowup) in [(-3.0, -1.0), (-2.0, 0.0), (-1.5, 0.2)] {
            let raw = lrs.map { lr -> Float in
                let x = log10(Double(lr))
                return Float(2.3 - 1.7 / (1 + exp(-2 * (x - centre))) + exp(2.5 * (x - blowup)))
            }
            let smoothed = SyntheticCurve.smoothed(raw)
            let rawMinimum = try XCTUnwrap(raw.indices.min { raw[$0] < raw[$1] })
            let smoothedMinimum = try XCTUnwrap(smoothed.indices.min { smoothed[$0] < smoothed[$1] })
            let lag = smoothedMinimum - rawMinimum
            XCTAssertTrue((9...10).contains(lag), "centre \(centre): \(lag) rungs")
            XCTAssertLessThan(Double(lag) * 8 / 99, 1, "under a decade, not the 4 of a steady ramp")
        }
    }
}
