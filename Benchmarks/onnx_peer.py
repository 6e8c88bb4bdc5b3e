#!/usr/bin/env python3
"""The ONNX Runtime peer for Benchmarks/encoder.sh.

Embeds the texts of a JSON-lines file with all-MiniLM-L6-v2 in ONNX Runtime (fp32, batch 1,
its best configuration here), tokenising with HF `tokenizers` at max 256 tokens and no
padding, mean pooling and L2 normalisation in numpy; prints one JSON object with texts/s at
each intra-op thread count and peak memory (getrusage maxrss).

  onnx_peer.py MODEL.onnx TOKENIZER.json TEXTS.jsonl [--threads 1,2] [--rounds 3] [--vectors OUT.npy]
"""
import argparse
import json
import resource
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("tokenizer")
    parser.add_argument("texts")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--vectors")
    args = parser.parse_args()

    with open(args.texts, encoding="utf-8") as f:
        texts = [json.loads(line) for line in f.read().split("\n") if line.strip()]
    tok = Tokenizer.from_file(args.tokenizer)
    tok.no_padding()
    tok.enable_truncation(max_length=256)

    results = []
    vectors = None
    for threads in [int(t) for t in args.threads.split(",")]:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])
        names = {i.name for i in session.get_inputs()}

        def embed(text):
            enc = tok.encode(text)
            ids = np.asarray([enc.ids], dtype=np.int64)
            feed = {"input_ids": ids}
            if "attention_mask" in names:
                feed["attention_mask"] = np.ones_like(ids)
            if "token_type_ids" in names:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = session.run(None, feed)[0][0]
            if hidden.ndim == 1:  # already pooled
                pooled = hidden
            else:
                pooled = hidden.mean(axis=0)
            return pooled / max(np.linalg.norm(pooled), 1e-12)

        for text in texts[:8]:
            embed(text)
        best = float("inf")
        for _ in range(args.rounds):
            start = time.perf_counter()
            out = [embed(t) for t in texts]
            best = min(best, time.perf_counter() - start)
        vectors = np.stack(out)
        results.append({"threads": threads, "texts_per_second": len(texts) / best})

    if args.vectors:
        np.save(args.vectors, vectors)
    print(json.dumps({
        "engine": f"onnxruntime {ort.__version__}",
        "texts": len(texts),
        "max_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "results": results,
    }))


if __name__ == "__main__":
    main()
