import NeuralNet
import TensorCore

/// Which optimizer trains the model and with which hyper-parameters (the learning rate comes from
/// the range test or schedule).
public struct OptimizerSettings: Equatable, Codable, Sendable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case sgd, adam, adamw
    }

    public var kind: Kind
    /// SGD momentum, or Adam's beta1.
    public var momentum: Double
    public var weightDecay: Double
    public var nesterov: Bool

    /// SGD with momentum 0.9 by default, as the LR finder uses.
    public init(kind: Kind = .sgd, momentum: Double = 0.9, weightDecay: Double = 0, nesterov: Bool = false) {
        self.kind = kind
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    /// Checks the values, throwing a `SettingError` that names the first bad one.
    public func validate() throws {
        guard momentum.isFinite, momentum >= 0, momentum < 1 else {
            throw SettingError(setting: "OptimizerSettings.momentum", value: "\(momentum)",
                               reason: "momentum (Adam's beta1) must be in 0..<1")
        }
        guard weightDecay.isFinite, weightDecay >= 0 else {
            throw SettingError(setting: "OptimizerSettings.weightDecay", value: "\(weightDecay)",
                               reason: "weight decay must be a number of at least 0")
        }
        if nesterov, kind != .sgd || momentum == 0 {
            throw SettingError(setting: "OptimizerSettings.nesterov", value: "true",
                               reason: "Nesterov momentum needs the sgd optimizer (`OptimizerSettings.kind`) and a momentum "
                                   + "above 0 (`OptimizerSettings.momentum`), not \(kind.rawValue) with momentum \(momentum)")
        }
    }

    /// A fresh optimizer over `model`, one parameter group per layer group, all at `learningRate`.
    public func make(model: Sequential, learningRate: Double = 1e-3) -> any Optimizer {
        switch kind {
        case .sgd:
            return SGD(model: model, learningRate: Float(learningRate), momentum: Float(momentum),
                       weightDecay: Float(weightDecay), nesterov: nesterov)
        case .adam, .adamw:
            return Adam(model: model, learningRate: Float(learningRate), beta1: Float(momentum),
                        weightDecay: Float(weightDecay), decoupledWeightDecay: kind == .adamw)
        }
    }
}
