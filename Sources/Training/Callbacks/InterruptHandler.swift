#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The signal number caught by `InterruptHandler`'s signal handler, 0 when none arrived.
///
/// Allocated once, before any handler is installed; the handler only stores a `sig_atomic_t`
/// through it, which is async-signal-safe.
nonisolated(unsafe) private let caughtSignal: UnsafeMutablePointer<sig_atomic_t> = {
    let pointer = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
}()

private let recordSignal: @convention(c) (Int32) -> Void = { signal in
    caughtSignal.pointee = sig_atomic_t(signal)
}

/// Turns Ctrl-C (SIGINT) and SIGTERM into a clean end of the fit.
///
/// While installed, the first such signal only sets a flag; the next `beforeBatch` cancels the
/// fit with outcome `.interrupted` and the reason `interrupted by SIGINT` (or `SIGTERM`), so
/// `afterFit` runs and recorders write a finished, `interrupted` run. The handler resets itself on delivery (`SA_RESETHAND`): a second
/// Ctrl-C terminates the process as usual. The callback installs the handler in `beforeFit` and
/// restores the previous handlers in `afterFit`; `install()`/`uninstall()` do it by hand.
public final class InterruptHandler: Callback {
    public let order = CallbackOrder.interrupt
    /// The signals handled.
    public let signals: [Int32]
    private var previousActions: [Int32: sigaction] = [:]
    private var installedByFit = false

    public init(signals: [Int32] = [SIGINT, SIGTERM]) {
        self.signals = signals
    }

    /// Whether this handler's signal handlers are in place.
    public var isInstalled: Bool { !previousActions.isEmpty }

    /// The signal caught since the flag was last cleared, if any.
    public static var pendingSignal: Int32? {
        let value = caughtSignal.pointee
        return value == 0 ? nil : Int32(value)
    }

    /// Forgets a caught signal.
    public static func clearPendingSignal() {
        caughtSignal.pointee = 0
    }

    /// Installs the signal handlers (and clears the flag); does nothing when already installed.
    public func install() {
        guard !isInstalled else { return }
        Self.clearPendingSignal()
        for signal in signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = recordSignal
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND))
            #else
            action.__sigaction_u.__sa_handler = recordSignal
            action.sa_flags = SA_RESETHAND
            #endif
            sigemptyset(&action.sa_mask)
            var previous = sigaction()
            if sigaction(signal, &action, &previous) == 0 { previousActions[signal] = previous }
        }
    }

    /// Restores the handlers that were in place before `install()`.
    public func uninstall() {
        for (signal, var previous) in previousActions { sigaction(signal, &previous, nil) }
        previousActions = [:]
    }

    /// A signal's usual name, such as `SIGINT`.
    public static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        case SIGQUIT: return "SIGQUIT"
        default: return "signal \(signal)"
        }
    }

    public func beforeFit(_ learner: Learner) throws {
        installedByFit = !isInstalled
        install()
    }

    public func beforeBatch(_ learner: Learner) throws {
        guard let signal = Self.pendingSignal else { return }
        throw Cancellation.fit(.interrupted, reason: "interrupted by \(Self.name(of: signal))")
    }

    public func afterFit(_ learner: Learner) throws {
        if installedByFit { uninstall() }
        installedByFit = false
    }
}
