import Foundation
import Training

/// Drives any callback through a successful fit, a cancellation at every level and a thrown
/// error, and lists what a well-behaved callback must not do: make `fit` throw when nothing
/// failed, hide or replace the planted error, miss `afterFit` (or get it twice), or leave its
/// files unfinished.
///
/// Each scenario runs twice on a fresh learner and a fresh, empty folder: once with the driving
/// callback (the one that throws) before the callback under test, so the latter never sees the
/// event that was cancelled, and once after it, so it saw that event in full. The callback is
/// wrapped in a forwarding callback with the same order to see what reached it; a callback
/// that looks itself up with `learner.callback(ofType:)` therefore does not find itself.
///
/// Files it owns (`files`, names inside the folder) must exist after every fit, be UTF-8 text,
/// pass `checkFile`, and be the only files in the folder: no temporary leftovers (names starting
/// with `.` or containing `.tmp`) and nothing it did not declare (one owner per artifact file).
/// A crash (a trap) cannot be caught: it ends the test process, which fails the test run too.
public struct CallbackConformance {
    /// Where the driving callback sits relative to the callback under test.
    public enum DriverPosition: String, CaseIterable, Sendable {
        case before, after
    }

    /// One event that reached the callback, with the learner's counters at that moment.
    public struct SeenEvent: Equatable, Sendable {
        public let event: Event
        public let isTraining: Bool
        public let epoch: Int
        public let iteration: Int
        public let batchIndex: Int
    }

    /// What one scenario left behind, for `checkFile` and `checkRun`.
    public struct Run {
        public let scenario: CallbackScenario
        public let driver: DriverPosition
        /// The callback under test, as the factory made it.
        public let callback: any Callback
        public let learner: Learner
        /// The folder the callback was given.
        public let folder: String
        /// The events that reached the callback, in order, with the counters they came with.
        public let seen: [SeenEvent]
        /// What `fit` threw, if anything.
        public let error: (any Error)?

        /// The events that reached the callback, in order.
        public var events: [Event] { seen.map(\.event) }

        /// The iterations of the training batches whose loss reached the callback (`afterLoss`).
        public var trainingLossIterations: [Int] {
            seen.filter { $0.event == .afterLoss && $0.isTraining }.map(\.iteration)
        }
    }

    /// Names of the files the callback owns in its folder.
    public var files: [String]
    /// Epochs each fit is asked for.
    public var epochs: Int
    /// Makes the learner of one scenario (by default `TestLearners.learner()`: blobs, two groups,
    /// 20 training and 5 validation batches).
    public var makeLearner: () throws -> Learner
    /// Makes the callback under test, writing (if at all) into the folder it is given.
    public var makeCallback: (_ folder: String) throws -> any Callback
    /// Checks one owned file's text after a scenario; throw to report a problem.
    public var checkFile: (_ name: String, _ text: String, _ run: Run) throws -> Void = { _, _, _ in }
    /// Checks anything else after a scenario (state of the callback, the learner); throw to report.
    public var checkRun: (_ run: Run) throws -> Void = { _ in }

    public init(files: [String] = [], epochs: Int = 2,
                makeLearner: @escaping () throws -> Learner = { try TestLearners.learner() },
                makeCallback: @escaping (_ folder: String) throws -> any Callback) {
        self.files = files
        self.epochs = epochs
        self.makeLearner = makeLearner
        self.makeCallback = makeCallback
    }

    /// Runs every scenario with the driver before and after the callback and returns the
    /// problems found, each naming its scenario; empty when the callback conforms.
    public func problems(in scenarios: [CallbackScenario] = CallbackScenario.standard) -> [String] {
        var problems: [String] = []
        for scenario in scenarios {
            for position in DriverPosition.allCases {
                let label = "\(scenario), driver \(position.rawValue) the callback"
                do {
                    problems += try run(scenario, driver: position).map { "\(label): \($0)" }
                } catch {
                    problems.append("\(label): could not set up the scenario: \(error)")
                }
            }
        }
        return problems
    }

    /// One scenario in a new temporary folder (removed afterwards); the problems found.
    func run(_ scenario: CallbackScenario, driver position: DriverPosition) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("callback-conformance-\(UUID().uuidString.lowercased())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let callback = try makeCallback(folder)
        let observed = ObservedCallback(callback)
        let driver = ScenarioDriver(scenario, order: position == .before ? Int.min : Int.max)
        let learner = try makeLearner()
        learner.add(observed)
        learner.add(driver)

        var thrown: (any Error)?
        do { try learner.fit(epochs: epochs) } catch { thrown = error }

        var problems: [String] = []
        if scenario.trigger != nil, !driver.fired {
            problems.append("the driver never reached its moment to throw (\(scenario.trigger!.event.rawValue)); "
                            + "leave this scenario out for a callback that prevents it")
        }
        problems += Self.judge(thrown, scenario: scenario)
        let afterFits = observed.seen.filter { $0.event == .afterFit }.count
        if afterFits != 1 { problems.append("after_fit reached the callback \(afterFits) times, not once") }

        let run = Run(scenario: scenario, driver: position, callback: callback, learner: learner, folder: folder,
                      seen: observed.seen, error: thrown)
        problems += checkFiles(run)
        do { try checkRun(run) } catch { problems.append("check failed: \(error)") }
        return problems
    }

    /// Problems with what `fit` threw: nothing may be thrown unless the scenario planted a
    /// failure, which must come back as itself.
    static func judge(_ thrown: (any Error)?, scenario: CallbackScenario) -> [String] {
        switch (scenario, thrown) {
        case (.failure, nil):
            return ["the fit did not throw the planted failure"]
        case (.failure, let error?):
            if error is PlantedFailure { return [] }
            if let several = error as? FitFailure, several.first is PlantedFailure {
                return several.errors.dropFirst().map { "after the planted failure the callback threw: \($0)" }
            }
            return ["the fit threw \(error) instead of the planted failure"]
        case (_, let error?):
            return ["the fit threw: \(error)"]
        case (_, nil):
            return []
        }
    }

    /// Problems with the owned files and the folder's other contents.
    func checkFiles(_ run: Run) -> [String] {
        var problems: [String] = []
        for name in files {
            let path = run.folder + "/" + name
            guard FileManager.default.fileExists(atPath: path) else {
                problems.append("\(name) does not exist")
                continue
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                problems.append("\(name) is not readable UTF-8 text")
                continue
            }
            do { try checkFile(name, text, run) } catch { problems.append("\(name): \(error)") }
        }
        let present = (try? FileManager.default.contentsOfDirectory(atPath: run.folder)) ?? []
        for name in present.sorted() where !files.contains(name) {
            if name.hasPrefix(".") || name.contains(".tmp") {
                problems.append("a temporary file was left behind: \(name)")
            } else {
                problems.append("wrote \(name), which is not among the files it owns")
            }
        }
        return problems
    }
}

/// A problem a `checkFile` or `checkRun` closure reports.
public struct ConformanceProblem: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Forwards every event to the wrapped callback, with its order and validation choice, and
/// remembers which events reached it.
final class ObservedCallback: Callback {
    let inner: any Callback
    private(set) var seen: [CallbackConformance.SeenEvent] = []

    init(_ inner: any Callback) {
        self.inner = inner
    }

    var order: Int { inner.order }
    var runsDuringValidation: Bool { inner.runsDuringValidation }

    func handle(_ event: Event, learner: Learner) throws {
        seen.append(CallbackConformance.SeenEvent(event: event, isTraining: learner.isTraining, epoch: learner.epoch,
                                                  iteration: learner.iteration, batchIndex: learner.batchIndex))
        try inner.handle(event, learner: learner)
    }
}

/// Throws the scenario's cancellation or failure once, at the scenario's trigger.
final class ScenarioDriver: Callback {
    let scenario: CallbackScenario
    let order: Int
    private(set) var fired = false

    init(_ scenario: CallbackScenario, order: Int) {
        self.scenario = scenario
        self.order = order
    }

    func handle(_ event: Event, learner: Learner) throws {
        guard !fired, let trigger = scenario.trigger, event == trigger.event,
              learner.isTraining == trigger.isTraining else { return }
        if trigger.isTraining {
            guard learner.iteration == trigger.index else { return }
        } else {
            guard learner.epoch == 0, learner.batchIndex == trigger.index else { return }
        }
        fired = true
        switch scenario {
        case .success: return
        case .failure: throw PlantedFailure()
        case .cancellation(let cancellation): throw cancellation
        }
    }
}
