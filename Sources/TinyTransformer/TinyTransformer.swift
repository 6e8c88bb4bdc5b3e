/// TinyTransformer: a WordPiece tokenizer and a BERT sentence encoder run natively on
/// OpenBLAS. It knows nothing of feeds: text in, token ids and embeddings out.
///
/// Start with ``SentenceEncoder``; ``WordPieceTokenizer``, ``SafeTensors`` and
/// ``BertConfiguration`` are usable on their own.
public enum TinyTransformer {
    /// The command that installs the default model into `Models/all-MiniLM-L6-v2/`.
    public static let installCommand = "Scripts/install-model.sh"
}
