import Training

/// Records every event it receives, with an optional action run on chosen events.
final class EventLog: Callback {
    let order: Int
    private(set) var events: [String] = []
    private let action: (Event, Learner) throws -> Void

    init(order: Int = 0, action: @escaping (Event, Learner) throws -> Void = { _, _ in }) {
        self.order = order
        self.action = action
    }

    func handle(_ event: Event, learner: Learner) throws {
        events.append(event.rawValue)
        try action(event, learner)
    }
}

/// Expected event names for readable assertions.
enum Expected {
    static let trainBatch = ["before_batch", "after_pred", "after_loss", "after_backward", "before_step", "after_step",
                             "after_batch"]
    static let validBatch = ["before_batch", "after_pred", "after_loss", "after_batch"]

    static func train(_ batches: Int) -> [String] {
        ["before_train"] + Array(Array(repeating: trainBatch, count: batches).joined()) + ["after_train"]
    }

    static func validate(_ batches: Int) -> [String] {
        ["before_validate"] + Array(Array(repeating: validBatch, count: batches).joined()) + ["after_validate"]
    }

    static func epoch(train t: Int, valid v: Int) -> [String] {
        ["before_epoch"] + train(t) + validate(v) + ["after_epoch"]
    }
}
