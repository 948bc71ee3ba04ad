import TensorCore

/// A residual connection around any layers: `body(x) + shortcut(x)`, the shortcut being the
/// identity when it has no layers. Both must give outputs of one shape.
///
/// The body and the shortcut run as `Sequential`s, so their BatchNorm-ReLU and ReLU-MaxPool pairs
/// fuse as in a model. Their tensors are named `body.<index>.<name>` and `shortcut.<index>.<name>`;
/// state-dict keys default to the same prefixes and can be given per layer (a model file's `key:`).
public final class Residual: Layer {
    public let body: Sequential
    /// The layers on the shortcut, or nil for the identity.
    public let shortcut: Sequential?

    private var output = Tensor.empty
    private var inputGradient = Tensor.empty

    /// A residual around `body`, with `shortcut` on the other path (empty for the identity);
    /// `bodyKeys` and `shortcutKeys` are the layers' state-dict key prefixes relative to this layer
    /// (nil for `body.<index>` and `shortcut.<index>`).
    public init(body: [any Layer], shortcut: [any Layer] = [], bodyKeys: [String]? = nil, shortcutKeys: [String]? = nil) {
        precondition(!body.isEmpty, "a Residual needs at least one layer in its body")
        self.body = Sequential(groups: [LayerGroup(name: "body", layers: body)],
                               stateDictKeys: bodyKeys ?? body.indices.map { "body.\($0)" })
        self.shortcut = shortcut.isEmpty ? nil
            : Sequential(groups: [LayerGroup(name: "shortcut", layers: shortcut)],
                         stateDictKeys: shortcutKeys ?? shortcut.indices.map { "shortcut.\($0)" })
    }

    private var paths: [(name: String, model: Sequential)] {
        [("body", body)] + (shortcut.map { [("shortcut", $0)] } ?? [])
    }

    public var parameters: [Parameter] { body.parameters + (shortcut?.parameters ?? []) }
    public var buffers: [Parameter] { body.buffers + (shortcut?.buffers ?? []) }
    public var namedTensors: [(name: String, parameter: Parameter)] {
        paths.flatMap { path, model in
            model.layers.enumerated().flatMap { index, layer in
                layer.namedTensors.map { ("\(path).\(index).\($0.name)", $0.parameter) }
            }
        }
    }

    public var description: String {
        let main = body.layers.map(\.description).joined(separator: ", ")
        guard let shortcut else { return "Residual(\(main))" }
        return "Residual(\(main); shortcut \(shortcut.layers.map(\.description).joined(separator: ", ")))"
    }

    public func resetParameters(using rng: inout RandomGenerator) {
        body.resetParameters(using: &rng)
        shortcut?.resetParameters(using: &rng)
    }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        let main = body.forward(x, context: &context)
        let side = shortcut?.forward(x, context: &context) ?? x
        precondition(main.shape == side.shape,
                     "\(description): the body gives \(main.shape) but the shortcut \(side.shape) for the input \(x.shape)")
        output.resize(to: main.shape)
        Self.add(main, side, into: &output)
        return output
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        let main = body.backward(dy, needsInputGradient: needsInputGradient)
        let side = shortcut?.backward(dy, needsInputGradient: needsInputGradient) ?? dy
        guard needsInputGradient else { return .empty }
        inputGradient.resize(to: main.shape)
        Self.add(main, side, into: &inputGradient)
        return inputGradient
    }

    private static func add(_ a: Tensor, _ b: Tensor, into result: inout Tensor) {
        result.storage.withUnsafeMutableBufferPointer { out in
            a.storage.withUnsafeBufferPointer { x in
                b.storage.withUnsafeBufferPointer { y in
                    VectorKernels.add(x.baseAddress!, y.baseAddress!, into: out.baseAddress!, count: out.count)
                }
            }
        }
    }
}
