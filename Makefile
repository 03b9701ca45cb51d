# posseg: the two quick-start commands (make demo, make test) each do their own setup.
PY := .venv/bin/python
CONFIG ?= configs/solo_coordconv.py

.PHONY: setup demo test data clean

setup:  ## build/reuse the pinned stack (~/.cache/posseg); .venv = the stack + this posseg
	bash tools/setup.sh

demo: setup  ## the main job: train + evaluate SOLO with CoordConv on the embedded data
	$(PY) tools/train.py $(CONFIG)

test: setup  ## the test suite (real training/evaluation on tiny data, CPU), two processes
	bash tools/run_tests.sh

data: setup  ## write the embedded datasets to data/ (also done on first use)
	$(PY) tools/prepare_data.py synthetic_instances
	$(PY) tools/prepare_data.py synthetic_semantic
	$(PY) tools/prepare_data.py synthetic_saliency

clean:  ## remove work dirs and generated data (keeps the cached environment)
	rm -rf work_dirs data/synthetic_instances data/synthetic_semantic \
		data/synthetic_saliency data/synthetic_saliency_uniform
