/// One pass of a `Sequential`'s forward: a single layer, or a pair of layers run as one.
struct FusedPass {
    enum Kind {
        case single
        /// `BatchNorm` then `ReLU`: the norm writes `max(0, y)` and gates its backward by it.
        case rectifiedNorm(BatchNorm)
        /// `ReLU` then `MaxPool2d`: the pool takes `max(0, window max)`.
        case rectifiedPool(MaxPool2d)
    }

    /// The index of the first layer of the pass.
    let start: Int
    let kind: Kind

    /// The passes over `layers`, pairing greedily from the first layer so forward and backward
    /// agree on every pair.
    static func plan(for layers: [any Layer]) -> [FusedPass] {
        var passes: [FusedPass] = []
        var index = 0
        while index < layers.count {
            let next = index + 1 < layers.count ? layers[index + 1] : nil
            if let norm = layers[index] as? BatchNorm, next is ReLU {
                passes.append(FusedPass(start: index, kind: .rectifiedNorm(norm)))
                index += 2
            } else if layers[index] is ReLU, let pool = next as? MaxPool2d {
                passes.append(FusedPass(start: index, kind: .rectifiedPool(pool)))
                index += 2
            } else {
                passes.append(FusedPass(start: index, kind: .single))
                index += 1
            }
        }
        return passes
    }
}
