import TensorCore

/// A fully connected layer `y = x W^T + b` on `[batch, inFeatures]` inputs, as `nn.Linear`.
///
/// The weight is `[outFeatures, inFeatures]` (PyTorch's layout). The layer owns its output and
/// gradient buffers and reuses them from batch to batch.
public final class Linear: Layer {
    public let inFeatures: Int
    public let outFeatures: Int
    public let weight: Parameter
    public let bias: Parameter

    private var input = Tensor.empty
    private var output = Tensor.empty
    private var inputGradient = Tensor.empty

    /// A layer with PyTorch's default initialisation drawn from `rng`.
    public init(_ inFeatures: Int, _ outFeatures: Int, rng: inout RandomGenerator) {
        precondition(inFeatures > 0 && outFeatures > 0,
                     "Linear(\(inFeatures), \(outFeatures)): feature counts must be positive")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Parameter(name: "weight", value: Tensor(shape: [outFeatures, inFeatures]))
        bias = Parameter(name: "bias", value: Tensor(shape: [outFeatures]))
        resetParameters(using: &rng)
    }

    public var parameters: [Parameter] { [weight, bias] }
    public var description: String { "Linear(\(inFeatures), \(outFeatures))" }

    public func resetParameters(using rng: inout RandomGenerator) {
        ParameterInitialization.uniform(&weight.value,
                                        bound: ParameterInitialization.kaimingUniformBound(fanIn: inFeatures), rng: &rng)
        ParameterInitialization.uniform(&bias.value,
                                        bound: ParameterInitialization.biasBound(fanIn: inFeatures), rng: &rng)
    }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        precondition(x.rank == 2 && x.shape[1] == inFeatures,
                     "\(description) expects input [batch, \(inFeatures)], got \(x.shape)")
        let n = x.shape[0], o = outFeatures
        // Writes copy the buffer only if a caller still holds the previous batch's output.
        output.resize(to: [n, o])
        output.storage.withUnsafeMutableBufferPointer { out in
            bias.value.storage.withUnsafeBufferPointer { b in
                for row in 0..<n { (out.baseAddress! + row * o).update(from: b.baseAddress!, count: o) }
            }
            x.storage.withUnsafeBufferPointer { xs in
                weight.value.storage.withUnsafeBufferPointer { w in
                    BLAS.gemm(transposeB: true, m: n, n: o, k: inFeatures,
                              a: xs.baseAddress!, b: w.baseAddress!, beta: 1, c: out.baseAddress!)
                }
            }
        }
        input = context.isTraining && !weight.isFrozen ? x : .empty
        return output
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        let n = dy.shape[0], o = outFeatures
        precondition(dy.shape == [n, o], "\(description).backward: gradient \(dy.shape) is not [\(n), \(o)]")
        precondition(weight.isFrozen || input.count == n * inFeatures,
                     "\(description).backward needs a training forward of the same batch first")
        dy.storage.withUnsafeBufferPointer { g in
            if !weight.isFrozen {
                input.storage.withUnsafeBufferPointer { xs in
                    weight.gradient.storage.withUnsafeMutableBufferPointer { dw in
                        BLAS.gemm(transposeA: true, m: o, n: inFeatures, k: n,
                                  a: g.baseAddress!, b: xs.baseAddress!, beta: 1, c: dw.baseAddress!)
                    }
                }
            }
            if !bias.isFrozen {
                bias.gradient.storage.withUnsafeMutableBufferPointer { db in
                    for row in 0..<n {
                        VectorKernels.add(g.baseAddress! + row * o, into: db.baseAddress!, count: o)
                    }
                }
            }
        }
        input = .empty
        guard needsInputGradient else { return .empty }
        inputGradient.resize(to: [n, inFeatures])
        inputGradient.storage.withUnsafeMutableBufferPointer { dx in
            dy.storage.withUnsafeBufferPointer { g in
                weight.value.storage.withUnsafeBufferPointer { w in
                    BLAS.gemm(m: n, n: inFeatures, k: o, a: g.baseAddress!, b: w.baseAddress!,
                              c: dx.baseAddress!)
                }
            }
        }
        return inputGradient
    }
}
