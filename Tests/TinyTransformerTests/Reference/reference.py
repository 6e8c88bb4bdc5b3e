#!/usr/bin/env python3
"""Reference for the TinyTransformer parity tests.

Reads texts as JSON lines (one JSON string per line) on stdin and writes one JSON line per
text on stdout:

  reference.py tokenize MODEL_DIR   ->  [101, ..., 102]           (HF `tokenizers`)
  reference.py embed MODEL_DIR      ->  [0.0123, ...]             (numpy forward pass)

Token ids come from `tokenizers.Tokenizer.from_file(MODEL_DIR/tokenizer.json)` with
truncation set to 256 and padding disabled: the file itself says 128 and fixed padding,
which is not how the model is used (sentence-transformers' max_seq_length is 256).

Embeddings come from a float32 numpy forward pass of the BERT encoder in MODEL_DIR: word +
position + token-type-0 embeddings, LayerNorm, N layers of self-attention and an exact-erf
GELU feed-forward, mean pooling over the tokens, L2 normalisation. One text at a time, so no
padding is involved. Set up the environment with Scripts/setup-test-python.sh.
"""
import json
import sys

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

MAX_TOKENS = 256


def load_tokenizer(model_dir):
    tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_TOKENS)
    return tok


def read_texts():
    # Split on "\n" only: str.splitlines() also splits on U+2028, U+0085 and others, which
    # JSON leaves unescaped inside strings.
    data = sys.stdin.buffer.read().decode("utf-8")
    return [json.loads(line) for line in data.split("\n") if line.strip()]


class Bert:
    def __init__(self, model_dir):
        with open(f"{model_dir}/config.json") as f:
            cfg = json.load(f)
        self.hidden = cfg["hidden_size"]
        self.layers = cfg["num_hidden_layers"]
        self.heads = cfg["num_attention_heads"]
        self.eps = cfg.get("layer_norm_eps", 1e-12)
        raw = load_file(f"{model_dir}/model.safetensors")
        # Some checkpoints prefix every name with "bert.".
        self.w = {k[5:] if k.startswith("bert.") else k: v for k, v in raw.items()}

    def layer_norm(self, x, prefix):
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        y = (x - mean) / np.sqrt(var + self.eps)
        return (y * self.w[prefix + ".weight"] + self.w[prefix + ".bias"]).astype(np.float32)

    def linear(self, x, prefix):
        return x @ self.w[prefix + ".weight"].T + self.w[prefix + ".bias"]

    def embed(self, ids):
        w = self.w
        n = len(ids)
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self.layer_norm(x, "embeddings.LayerNorm")
        hd = self.hidden // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            q = self.linear(x, p + ".attention.self.query").reshape(n, self.heads, hd).transpose(1, 0, 2)
            k = self.linear(x, p + ".attention.self.key").reshape(n, self.heads, hd).transpose(1, 0, 2)
            v = self.linear(x, p + ".attention.self.value").reshape(n, self.heads, hd).transpose(1, 0, 2)
            s = (q @ k.transpose(0, 2, 1)) / np.float32(np.sqrt(hd))
            s = s - s.max(axis=-1, keepdims=True)
            e = np.exp(s)
            a = e / e.sum(axis=-1, keepdims=True)
            ctx = (a @ v).transpose(1, 0, 2).reshape(n, self.hidden)
            x = self.layer_norm(self.linear(ctx, p + ".attention.output.dense") + x,
                                p + ".attention.output.LayerNorm")
            h = self.linear(x, p + ".intermediate.dense")
            h = (0.5 * h * (1.0 + erf(h / np.float32(np.sqrt(2.0))))).astype(np.float32)
            x = self.layer_norm(self.linear(h, p + ".output.dense") + x, p + ".output.LayerNorm")
        pooled = x.astype(np.float64).mean(axis=0)
        return pooled / max(np.linalg.norm(pooled), 1e-12)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("tokenize", "embed"):
        sys.exit("usage: reference.py tokenize|embed MODEL_DIR < texts.jsonl")
    mode, model_dir = sys.argv[1], sys.argv[2]
    tok = load_tokenizer(model_dir)
    texts = read_texts()
    out = sys.stdout
    if mode == "tokenize":
        for enc in tok.encode_batch(texts, add_special_tokens=True):
            out.write(json.dumps(enc.ids) + "\n")
    else:
        bert = Bert(model_dir)
        for text in texts:
            ids = tok.encode(text).ids
            vec = bert.embed(np.asarray(ids, dtype=np.int64))
            out.write(json.dumps([float(v) for v in vec]) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
