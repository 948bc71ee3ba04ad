import TensorCore

/// A model that applies its layers in order, organised into named layer groups.
///
/// The groups partition the layers (for example `body` then `head`): freezing a group stops its
/// parameters from learning, and optimizers can give each group its own parameter group. Backward
/// stops at the first layer that has a trainable parameter, so a frozen body costs no backward work.
/// Two pairs run as one fused pass each (same results, less memory traffic): a `BatchNorm`
/// directly followed by a `ReLU`, and a `ReLU` directly followed by a `MaxPool2d`.
public final class Sequential: Layer {
    public let groups: [LayerGroup]
    /// All layers in the order they are applied.
    public let layers: [any Layer]
    /// The passes forward makes, in order; backward walks them in reverse.
    let plan: [FusedPass]
    /// The PyTorch `state_dict` key prefix of each layer of `layers`, or nil to number the layers
    /// as the equivalent `nn.Sequential` does (see `StateDict`).
    public let stateDictKeys: [String]?

    /// A model made of `groups`, applied in order, whose layers' state-dict keys start with
    /// `stateDictKeys` (one per layer; nil for their indices).
    public init(groups: [LayerGroup], stateDictKeys: [String]? = nil) {
        precondition(!groups.isEmpty, "a model needs at least one layer group")
        self.groups = groups
        layers = groups.flatMap(\.layers)
        plan = FusedPass.plan(for: layers)
        precondition(stateDictKeys == nil || stateDictKeys?.count == layers.count,
                     "a model of \(layers.count) layers needs as many state-dict keys, got \(stateDictKeys?.count ?? 0)")
        self.stateDictKeys = stateDictKeys
    }

    /// A model with a single group named `all`.
    public convenience init(_ layers: [any Layer]) {
        self.init(groups: [LayerGroup(name: "all", layers: layers)])
    }

    public var parameters: [Parameter] { groups.flatMap(\.parameters) }
    public var buffers: [Parameter] { layers.flatMap(\.buffers) }

    /// Parameters and buffers with qualified names (`group.index.name`, the index counting layers
    /// within the group), in a fixed order: the keys of a checkpoint.
    public var namedTensors: [(name: String, parameter: Parameter)] {
        var result: [(String, Parameter)] = []
        for group in groups {
            for (index, layer) in group.layers.enumerated() {
                for (name, p) in layer.namedTensors { result.append(("\(group.name).\(index).\(name)", p)) }
            }
        }
        return result
    }

    public var description: String {
        groups.map { group in
            "\(group.name): " + group.layers.map(\.description).joined(separator: ", ")
        }.joined(separator: "; ")
    }

    public func forward(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        var x = input
        for pass in plan {
            switch pass.kind {
            case .single: x = layers[pass.start].forward(x, context: &context)
            case .rectifiedNorm(let norm): x = norm.forward(x, context: &context, rectified: true)
            case .rectifiedPool(let pool): x = pool.forward(x, context: &context, rectified: true)
            }
        }
        return x
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        // Layers before the first trainable one need no gradient when the caller needs none.
        let firstTrainable = layers.firstIndex { layer in layer.parameters.contains { !$0.isFrozen } }
        guard let stop = needsInputGradient ? 0 : firstTrainable else { return Tensor(shape: [0]) }
        var gradient = outputGradient
        // A fused pair has its trainable layer (if any) first, so `stop` is always a pass's start.
        for pass in plan.reversed() where pass.start >= stop {
            let needs = pass.start > stop || needsInputGradient
            switch pass.kind {
            case .single: gradient = layers[pass.start].backward(gradient, needsInputGradient: needs)
            case .rectifiedNorm(let norm): gradient = norm.backward(gradient, needsInputGradient: needs)
            case .rectifiedPool(let pool): gradient = pool.backward(gradient, needsInputGradient: needs)
            }
        }
        return gradient
    }

    public func resetParameters(using rng: inout RandomGenerator) {
        for layer in layers { layer.resetParameters(using: &rng) }
    }
}
