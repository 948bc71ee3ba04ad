import Training

/// Which events the JSON recorder writes.
public struct EventFilter: Equatable, Sendable {
    public var events: Set<Event>

    public init(_ events: Set<Event>) {
        self.events = events
    }

    /// Events published once per batch (training and validation): `Event.batchEvents`.
    public static let batchEvents = Event.batchEvents

    /// Every event (the default): about seven lines per training batch.
    public static let all = EventFilter(Set(Event.allCases))
    /// Fit, epoch and phase events only: no line per batch.
    public static let epochsOnly = EventFilter(Set(Event.allCases).subtracting(batchEvents))
    /// Fit, epoch and phase events plus `after_batch` and `after_cancel_batch`: one line per batch.
    public static let batchEnds = EventFilter(epochsOnly.events.union([.afterBatch, .afterCancelBatch]))

    /// Whether `event` is written.
    public func includes(_ event: Event) -> Bool { events.contains(event) }
}
