#!/usr/bin/env bash
# The kit's benchmarks (not tests): matrix-product GFLOP/s against PyTorch's BLAS, attention time
# against sequence length, and training throughput of the kit against PyTorch on the same
# configurations. Run from anywhere:
#   benchmarks/run.sh            (or: make bench)
# Environment: BENCH_THREADS (default "1 2") the thread counts to run everything at, for the kit's
#              products, EJML and torch.set_num_threads;
#              BENCH_RECIPE_ITERS (default 200) steps of nanoGPT's Shakespeare recipe to time (2000 is
#              the whole recipe; 0 skips it);
#              TORCH_PYTHON (default python3) a Python that has torch, for the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."

RESULTS=benchmarks/results
KIT_CLASSPATH=kernel/target/kernel-classpath
CLASSES=benchmarks/target/classes
TORCH_PYTHON=${TORCH_PYTHON:-python3}
THREAD_COUNTS=${BENCH_THREADS:-1 2}
RECIPE_ITERS=${BENCH_RECIPE_ITERS:-200}

if ! ls "$KIT_CLASSPATH"/transformer-kit-*.jar >/dev/null 2>&1; then
  mvn -B -q -DskipTests package
fi
mkdir -p "$CLASSES" "$RESULTS"
javac --add-modules jdk.incubator.vector -encoding UTF-8 -cp "$KIT_CLASSPATH/*" -d "$CLASSES" benchmarks/src/*.java
run_java() { java --add-modules jdk.incubator.vector -Djava.awt.headless=true -cp "$CLASSES:$KIT_CLASSPATH/*" "$@" \
  2> >(grep -v "^WARNING: Using incubator modules" >&2); }
have_torch() { "$TORCH_PYTHON" -c "import torch" 2>/dev/null; }
have_torch || echo "no torch in $TORCH_PYTHON; set TORCH_PYTHON to a Python with PyTorch to compare (see benchmarks/README.md)"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | xargs), $(nproc) cores; $(java -version 2>&1 | head -1)"

for BENCH_THREADS in $THREAD_COUNTS; do
  export BENCH_THREADS
  echo
  echo "== matrix products, GFLOP/s (threads: $BENCH_THREADS)"
  run_java GemmThroughput "$RESULTS"
  if have_torch; then
    echo
    "$TORCH_PYTHON" benchmarks/pytorch_gemm.py "$RESULTS"
  fi
  echo
  echo "== training step, kit (threads: $BENCH_THREADS)"
  run_java TrainingThroughput "$RESULTS"
  if have_torch; then
    echo
    echo "== training step, PyTorch float64 (threads: $BENCH_THREADS)"
    "$TORCH_PYTHON" benchmarks/pytorch_training.py "$RESULTS"
  fi
  if [ "$RECIPE_ITERS" -gt 0 ]; then
    # its own folder, so that a short run never overwrites the files of a whole recipe in results/
    RECIPE_OUT="$RESULTS/recipe_${RECIPE_ITERS}"
    echo
    echo "== nanoGPT's Shakespeare recipe, $RECIPE_ITERS steps (threads: $BENCH_THREADS)"
    run_java ShakespeareBenchmark --iters "$RECIPE_ITERS" --out "$RECIPE_OUT" | grep -E "^(step|final|training)"
    if have_torch; then
      for dtype in float64 float32; do
        "$TORCH_PYTHON" benchmarks/nanogpt_shakespeare.py --dtype "$dtype" --threads "$BENCH_THREADS" \
          --iters "$RECIPE_ITERS" --out "$RECIPE_OUT" | grep -E "^(final|training)"
      done
      python3 benchmarks/recipe_summary.py "$RECIPE_OUT" "$BENCH_THREADS"
    fi
  fi
done

export BENCH_THREADS=1
echo
echo "== attention forward time against sequence length (threads: $BENCH_THREADS)"
run_java AttentionScaling "$RESULTS"
