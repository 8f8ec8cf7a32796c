# shakedown - end-to-end test harness for containerized web apps.
#
#   make            build ./shakedown
#   make test       unit + integration tests (prints "N passed, N failed")
#   make asan       the same tests, built with AddressSanitizer + UBSan
#   make demo       the bundled Hello World demo, end to end
#   make bench      benchmarks, written to bench/RESULTS.md
#   make valgrind   the unit and e2e cases under memcheck
#   make fuzz       libFuzzer on the spec loader, JSONPath, expansion, reports
#   make check-specs  validate every spec under specs/
#   make check-layers  no include runs up the layers (base … cli)

CC	?= cc
PKGS	 = libcurl libpcre2-8 libxml-2.0 jansson yaml-0.1
WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-unused-parameter
CFLAGS	?= -O2 -g
SANITIZE ?=
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(WARN) $(CFLAGS) $(SANITIZE) $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANITIZE) -pthread
PREFIX	?= /usr/local
MANDIR	?= $(PREFIX)/share/man
IMAGE_TEST ?= 1

BUILD	?= build
# The layers, from the bottom up (scripts/check-layers): base, assertions,
# browser, harness/spec, harness/lifecycle, harness/run, reporters, cli.
LIB_SRC	 = $(wildcard base/*.c) $(wildcard assertions/*.c) \
	   $(wildcard browser/*.c) \
	   $(wildcard harness/spec/*.c) $(wildcard harness/lifecycle/*.c) \
	   $(wildcard harness/run/*.c) $(wildcard reporters/*.c) cli/cli.c
LIB_OBJ	 = $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ = $(BUILD)/cli/main.o
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:%.c=$(BUILD)/%.o)
TESTSRV_OBJ = $(BUILD)/tests/server/testsrv.o
FAULTSRV_OBJ = $(BUILD)/tests/server/faultsrv.o
FUZZ_TARGETS = spec jsonpath expand junit
FUZZ_BINS = $(FUZZ_TARGETS:%=$(BUILD)/fuzz-%)

BIN	 = shakedown
UNIT	 = $(BUILD)/unit
TESTSRV	 = $(BUILD)/testsrv
FAULTSRV = $(BUILD)/faultsrv

.PHONY: all test asan demo bench clean install check-specs check-layers deps fuzz fuzz-bins valgrind
all: $(BIN)

$(BIN): $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(UNIT): $(UNIT_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(TESTSRV): $(TESTSRV_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

$(FAULTSRV): $(FAULTSRV_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lz

# libFuzzer targets (clang): tests/fuzz/fuzz_NAME.c against the library.
$(BUILD)/fuzz-%: $(BUILD)/tests/fuzz/fuzz_%.o $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lm

# The unit test table: every UNIT_TEST(name) in tests/unit/*.c.
$(BUILD)/unit_list.h: $(UNIT_SRC)
	@mkdir -p $(dir $@)
	{ printf '#define UNIT_LIST \\\n'; \
	  sed -n 's/^UNIT_TEST(\([a-z0-9_]*\)).*/\tUNIT(\1) \\/p' $(UNIT_SRC); \
	  printf '\n'; } > $@.tmp && mv $@.tmp $@
$(BUILD)/tests/unit/unit_main.o: $(BUILD)/unit_list.h
$(BUILD)/tests/unit/unit_main.o: ALL_CFLAGS += -I$(BUILD)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Folders are layers: no include runs upward, no cycle between folders.
check-layers:
	scripts/check-layers

test: check-layers $(BIN) $(UNIT) $(TESTSRV) $(FAULTSRV)
	SHAKEDOWN=./$(BIN) UNIT=$(UNIT) TESTSRV=$(TESTSRV) FAULTSRV=$(FAULTSRV) \
	    IMAGE_TEST=$(IMAGE_TEST) tests/run

# A separate build tree, so the sanitized objects never mix with the normal ones.
asan:
	$(MAKE) BUILD=build-asan BIN=shakedown-asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	    SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	    IMAGE_TEST=0 test

demo: $(BIN)
	SHAKEDOWN=./$(BIN) specs/examples/hello/demo.sh

deps:
	scripts/deps.sh

# The unit, spec, command-line and e2e cases under valgrind's memcheck.
valgrind: $(BIN) $(UNIT) $(TESTSRV) $(FAULTSRV)
	SHAKEDOWN=$(BIN) UNIT=$(UNIT) TESTSRV=$(TESTSRV) FAULTSRV=$(FAULTSRV) \
	    tests/valgrind

# Fuzzing with libFuzzer: FUZZ_SECONDS per target (default 60), seeds in
# tests/fuzz/corpus/NAME, crashes kept in build-fuzz/crashes/.
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	    SANITIZE="-fsanitize=fuzzer-no-link,address,undefined" fuzz-bins
	tests/fuzz/run build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-bins: $(FUZZ_BINS)
.SECONDARY: $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/fuzz_%.o)

# Benchmarks print figures; they are never pass/fail tests.
bench: $(BIN)
	SHAKEDOWN=./$(BIN) CC="$(CC)" bench/run

check-specs: $(BIN)
	./$(BIN) check specs/examples

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(PREFIX)/share/shakedown
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/$(BIN)
	sed 's|@DATADIR@|$(PREFIX)/share/shakedown|g' doc/shakedown.1 \
	    > $(DESTDIR)$(MANDIR)/man1/shakedown.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/shakedown.1
	install -m 644 specs/schema.json specs/README.md \
	    $(DESTDIR)$(PREFIX)/share/shakedown/

clean:
	rm -rf build build-asan build-fuzz $(BIN) shakedown-asan shakedown-report

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(TESTSRV_OBJ:.o=.d) \
    $(FAULTSRV_OBJ:.o=.d) $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/fuzz_%.d)
