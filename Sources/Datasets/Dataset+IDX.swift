import TensorCore

extension Dataset {
    /// A classification data set from an IDX images file and an IDX labels file: inputs of shape
    /// `[count, 1, rows, columns]` with pixels scaled from 0...255 to 0...1, targets the labels.
    ///
    /// The pixels stay bytes (`storesBytes`); they are scaled as batches are gathered.
    ///
    /// - Parameters:
    ///   - imageSize: when set, the rows and columns every image must have.
    ///   - hint: how to get good files, appended to every error.
    /// - Throws: `IDXError` for a bad file, `DatasetError` when the counts differ, a label is not
    ///   below `classNames.count` or the images have the wrong size.
    public static func loadIDX(images imagesPath: String, labels labelsPath: String, name: String,
                               classNames: [String], imageSize: Int? = nil,
                               hint: String = IDXError.defaultHint) throws -> Dataset {
        let images = try IDXFile.read(path: imagesPath, expectedMagic: IDXFile.imagesMagic, hint: hint)
        let labels = try IDXFile.read(path: labelsPath, expectedMagic: IDXFile.labelsMagic, hint: hint)
        let (count, rows, columns) = (images.dimensions[0], images.dimensions[1], images.dimensions[2])
        if let size = imageSize, rows != size || columns != size {
            throw DatasetError.wrongImageSize(file: imagesPath, rows: rows, columns: columns, expected: size, hint: hint)
        }
        guard labels.dimensions[0] == count else {
            throw DatasetError.countMismatch(images: imagesPath, imageCount: count,
                                             labels: labelsPath, labelCount: labels.dimensions[0], hint: hint)
        }
        let classCount = classNames.count
        let targets = try [Float](unsafeUninitializedCapacity: count) { out, initialized in
            try labels.values.withUnsafeBufferPointer { src in
                for i in 0..<count {
                    let label = Int(src[i])
                    guard label < classCount else {
                        throw DatasetError.labelOutOfRange(file: labelsPath, index: i, label: label,
                                                           classCount: classCount, hint: hint)
                    }
                    out[i] = Float(label)
                    initialized = i + 1
                }
            }
        }
        return Dataset(name: name, bytes: images.values, shape: [count, 1, rows, columns], scale: 1.0 / 255.0,
                       targets: Tensor(shape: [count], storage: targets), classNames: classNames)
    }
}
