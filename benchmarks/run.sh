#!/usr/bin/env bash
# The kit's benchmarks (not tests): attention time against sequence length, and training
# throughput of the kit against PyTorch on the same configurations. Run from anywhere:
#   benchmarks/run.sh            (or: make bench)
# Environment: BENCH_THREADS (default 1) threads for EJML and torch.set_num_threads;
#              TORCH_PYTHON (default python3) a Python that has torch, for the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."

RESULTS=benchmarks/results
KIT_CLASSPATH=kernel/target/kernel-classpath
CLASSES=benchmarks/target/classes
TORCH_PYTHON=${TORCH_PYTHON:-python3}
export BENCH_THREADS=${BENCH_THREADS:-1}

if ! ls "$KIT_CLASSPATH"/transformer-kit-*.jar >/dev/null 2>&1; then
  mvn -B -q -DskipTests package
fi
mkdir -p "$CLASSES" "$RESULTS"
javac -encoding UTF-8 -cp "$KIT_CLASSPATH/*" -d "$CLASSES" benchmarks/src/*.java
run_java() { java -Djava.awt.headless=true -cp "$CLASSES:$KIT_CLASSPATH/*" "$@"; }

echo "== attention forward time against sequence length (threads: $BENCH_THREADS)"
run_java AttentionScaling "$RESULTS"
echo
echo "== training throughput, kit (threads: $BENCH_THREADS)"
run_java TrainingThroughput "$RESULTS"
echo
echo "== training throughput, PyTorch (threads: $BENCH_THREADS)"
if "$TORCH_PYTHON" -c "import torch" 2>/dev/null; then
  "$TORCH_PYTHON" benchmarks/pytorch_training.py "$RESULTS"
else
  echo "no torch in $TORCH_PYTHON; set TORCH_PYTHON to a Python with PyTorch to compare (see benchmarks/README.md)"
fi
