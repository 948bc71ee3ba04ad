import NeuralNet
import TensorCore

/// Mean of squared differences, for recorder tests.
final class MeanSquaredError: Loss {
    private var difference = Tensor(shape: [0])

    func forward(_ prediction: Tensor, target: Tensor) -> Float {
        difference = Tensor(shape: prediction.shape, storage: zip(prediction.storage, target.storage).map { $0 - $1 })
        return difference.storage.reduce(0) { $0 + $1 * $1 } / Float(max(difference.count, 1))
    }

    func backward() -> Tensor {
        let scale = 2 / Float(max(difference.count, 1))
        return Tensor(shape: difference.shape, storage: difference.storage.map { $0 * scale })
    }
}
