# The two commands a new user needs on a fresh Debian machine: `make demo` and `make test`.
# Each installs missing system packages first (as root, or with sudo), then builds in release mode.

SYSTEM_PACKAGES := pkg-config libopenblas-dev libglfw3-dev libgl-dev libepoxy-dev libpng-dev \
                   xvfb xauth libgl1-mesa-dri ffmpeg
SWIFT_FLAGS := -c release
DEMO_DIR ?= /tmp/packsfm-demo

.PHONY: demo test build deps benchmarks clean

demo: deps build
	./scripts/demo.sh "$(DEMO_DIR)"

test: deps
	swift build $(SWIFT_FLAGS)
	swift build $(SWIFT_FLAGS) --build-tests -Xswiftc -enable-testing
	xvfb-run -a -s "-screen 0 1280x1024x24" swift test $(SWIFT_FLAGS) -Xswiftc -enable-testing --skip-build

build: deps
	swift build $(SWIFT_FLAGS)

benchmarks: deps
	swift run $(SWIFT_FLAGS) Benchmarks

deps:
	@./scripts/install-system-packages.sh $(SYSTEM_PACKAGES)

clean:
	rm -rf .build
