/// The buffers one forward pass computes in, sized for a number of tokens; reused batch
/// after batch, one per worker thread.
final class EncoderWorkspace: @unchecked Sendable {
    let tokenCapacity: Int
    let hidden: UnsafeMutablePointer<Float>
    let qkv: UnsafeMutablePointer<Float>
    let context: UnsafeMutablePointer<Float>
    let intermediate: UnsafeMutablePointer<Float>
    let scores: UnsafeMutablePointer<Float>
    /// One factor per row of `scores`: the inverse sums of the attention weights.
    let rowScales: UnsafeMutablePointer<Float>
    private let storage: UnsafeMutableBufferPointer<Float>

    /// - Parameters:
    ///   - configuration: the model's shape.
    ///   - tokenCapacity: the most tokens of one batch.
    ///   - maxSequence: the longest text in tokens.
    init(configuration: BertConfiguration, tokenCapacity: Int, maxSequence: Int) {
        let h = configuration.hiddenSize
        self.tokenCapacity = tokenCapacity
        let sizes = [
            tokenCapacity * h, tokenCapacity * 3 * h, tokenCapacity * h,
            tokenCapacity * configuration.intermediateSize, maxSequence * maxSequence, maxSequence,
        ]
        // Each buffer starts on a 64-byte line.
        let padded = sizes.map { ($0 + 15) / 16 * 16 }
        storage = .allocate(capacity: padded.reduce(0, +) + 16)
        storage.initialize(repeating: 0)
        let aligned = UnsafeMutableRawPointer(storage.baseAddress!).alignedUp(toMultipleOf: 64)
            .assumingMemoryBound(to: Float.self)
        var offsets: [Int] = []
        var offset = 0
        for size in padded {
            offsets.append(offset)
            offset += size
        }
        hidden = aligned + offsets[0]
        qkv = aligned + offsets[1]
        context = aligned + offsets[2]
        intermediate = aligned + offsets[3]
        scores = aligned + offsets[4]
        rowScales = aligned + offsets[5]
    }

    deinit {
        storage.deallocate()
    }
}
