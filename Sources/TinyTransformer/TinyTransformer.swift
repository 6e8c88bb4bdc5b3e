/// TinyTransformer: a WordPiece tokenizer and a BERT encoder run natively on OpenBLAS.
public enum TinyTransformer {}
