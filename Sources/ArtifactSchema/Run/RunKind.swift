/// What a run does; recorded in `run.json` and abbreviated in run ids.
public enum RunKind: String, Codable, CaseIterable, Sendable {
    case lrFind = "lr-find"
    case fit = "fit"
    case fineTune = "fine-tune"
    case verify = "verify"

    /// The first word of run ids of this kind (`lrfind`, `fit`, `finetune`, `verify`).
    public var idPrefix: String {
        switch self {
        case .lrFind: return "lrfind"
        case .fit: return "fit"
        case .fineTune: return "finetune"
        case .verify: return "verify"
        }
    }
}

/// How a run ended, or `running` while it goes on.
public enum RunStatus: String, Codable, CaseIterable, Sendable {
    case running, completed, diverged, cancelled, interrupted, failed

    /// Whether a run that ended this way produced a full record: completed, diverged (a range
    /// test that ran into divergence) and cancelled runs did; running, interrupted and failed
    /// runs did not.
    public var isComplete: Bool {
        switch self {
        case .completed, .diverged, .cancelled: return true
        case .running, .interrupted, .failed: return false
        }
    }
}
