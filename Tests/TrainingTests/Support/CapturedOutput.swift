import Training

/// Collects what a console callback writes.
final class CapturedOutput: @unchecked Sendable {
    private(set) var text = ""
    var output: ConsoleOutput { ConsoleOutput { [self] in text += $0 } }
}

/// A clock that advances by `step` seconds each time it is read.
final class SteppingClock {
    private var now = 0.0
    let step: Double
    init(step: Double) { self.step = step }
    func read() -> Double { now += step; return now }
}
