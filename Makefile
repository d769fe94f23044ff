# cordon — front door. Meson + Ninja do the building; this file installs what a fresh Debian 12
# machine lacks (when run as root), then builds, demos, tests, fuzzes and benchmarks.
#
#   make demo    install missing build dependencies, build, run the main job on examples/
#   make check   the whole test suite (also under ASan+UBSan); ends with "N passed, N failed"
#   make fuzz    run every libFuzzer target for FUZZ_SECONDS each (clang)
#   make bench   speed comparisons with peers (prints ratios; not tests)
#   make format  clang-format the tree

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
CORDON     := $(BUILD)/src/cli/cordon

# Debian packages the build, the tests and the benchmarks need.
BUILD_DEPS := gcc make pkg-config meson ninja-build libseccomp-dev libcap-dev python3 libssl-dev
CHECK_DEPS := clang clang-format libclang-rt-14-dev chromium bubblewrap util-linux iproute2 \
              passwd procps rsync mosquitto mosquitto-clients ngircd privoxy curl knot \
              knot-dnsutils groff-base fdisk e2fsprogs squashfs-tools dbus-daemon dbus-bin \
              accountsservice
BENCH_DEPS := hyperfine

MESON_ARGS ?=
ifeq ($(CI),true)
MESON_ARGS += --werror
endif

.PHONY: all deps check-deps build demo check fuzz bench format clean

all: build

# Installs only what is missing, and only as root; otherwise says what to install.
define install_missing
	@missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing:$$missing"; \
			(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else \
			echo "Missing packages:$$missing (run as root, or: sudo apt-get install$$missing)"; \
			exit 1; \
		fi; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_DEPS))

check-deps: deps
	$(call install_missing,$(CHECK_DEPS))

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_ARGS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: build
	@sh tests/demo.sh $(CORDON)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) $(MESON_ARGS) -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug

check: check-deps build $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	@python3 tests/run-check.py --build $(BUILD) --asan-build $(ASAN_BUILD)

$(FUZZ_BUILD)/build.ninja:
	@# The libraries need coverage instrumentation too, or libFuzzer sees only each target's
	@# own file (G: 42 edges instead of ~8000 for fuzz-plan).
	CC=clang meson setup $(FUZZ_BUILD) -Dfuzz=true -Db_sanitize=address,undefined \
		-Dc_args=-fsanitize=fuzzer-no-link -Db_lundef=false -Dbuildtype=debug

fuzz: check-deps $(FUZZ_BUILD)/build.ninja
	@# Only the fuzz targets: the static probe cannot link the coverage instrumentation.
	ninja -C $(FUZZ_BUILD) $$(ninja -C $(FUZZ_BUILD) -t targets all | \
		grep -oE '^fuzz/fuzz-[A-Za-z0-9_-]+:' | tr -d : | grep -v -- '-replay$$' | sort -u)
	@sh tests/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: build check-deps
	$(call install_missing,$(BENCH_DEPS))
	@for b in bench/*.sh; do echo "== $$b"; sh $$b $(CORDON) || exit 1; done

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
