package mkspec.traces.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every defect a trace can have is rejected before anything runs, with one line that says where, what was expected
 * and what was found. Each row is a small trace with one defect and the exact first line the reader must print.
 */
class MalformedTraceTest {

    /** The first two lines of most rows; their steps start on line 4. */
    private static final String HEAD = "mkspec-trace: 1\nname: t\nsteps:\n";

    /**
     * One malformed trace.
     *
     * @param defect       what is wrong, as the test's name
     * @param yaml         the whole trace
     * @param firstProblem the exact first line of the rejection, after "bad.yaml:"
     */
    record Defect(String defect, String yaml, String firstProblem) {
        @Override
        public String toString() {
            return defect;
        }
    }

    private static Defect defect(String defect, String yaml, String firstProblem) {
        return new Defect(defect, yaml, firstProblem);
    }

    static Stream<Defect> defects() {
        return Stream.of(
            // ---- not YAML, or YAML a trace never uses
            defect("an unclosed flow list", HEAD + "  - op: status\n    expect: [ok\n",
                "6:1: expected valid YAML (while parsing a flow sequence), found: expected ',' or ']', but got"
                    + " <stream end>"),
            defect("a tab used for indentation", HEAD + "  - op: mkdir\n\tname: web\n",
                "5:1: expected valid YAML (while scanning for the next token), found: found character '\\t(TAB)'"
                    + " that cannot start any token. (Do not use \\t(TAB) for indentation)"),
            defect("a key indented under a scalar", "mkspec-trace: 1\nname: t\n  steps: []\n",
                "3:8: expected valid YAML, found: mapping values are not allowed here"),
            defect("an unterminated quoted string", HEAD + "  - op: mkdir\n    name: \"web\n",
                "6:1: expected valid YAML (while scanning a quoted scalar), found: found unexpected end of stream"),
            defect("an empty file", "",
                "1:1: expected a trace (a YAML map starting with 'mkspec-trace: 1'), found an empty file"),
            defect("a file of comments only", "# nothing here\n\n",
                "1:1: expected a trace (a YAML map starting with 'mkspec-trace: 1'), found an empty file"),
            defect("an empty document", "---\n",
                "2:1: expected a trace (a YAML map starting with 'mkspec-trace: 1'), found an empty document"),
            defect("a list at the top", "- op: status\n",
                "1:1: expected a trace (a YAML map starting with 'mkspec-trace: 1'), found a list"),
            defect("a scalar at the top", "hello\n",
                "1:1: expected a trace (a YAML map starting with 'mkspec-trace: 1'), found 'hello'"),
            defect("two documents", HEAD + "  - op: status\n---\nmkspec-trace: 1\n",
                "6:1: expected a single YAML document, found a second document"),
            defect("a repeated key", "mkspec-trace: 1\nname: t\nname: u\nsteps: []\n",
                "3:1: expected each key once, found 'name' again (first at 2:1)"),
            defect("an alias", HEAD + "  - op: mkdir\n    name: web\n  - op: rmdir\n    name: *n\n",
                "7:11: expected a plain value, found the alias *n (anchors and aliases are not supported)"),
            defect("an anchor without an alias", HEAD + "  - op: status\n    expect: &e ok\n",
                "5:13: expected a plain value, found the anchor &e (anchors and aliases are not supported)"),
            defect("an anchor on a map", HEAD + "  - op: status\n    expect: &e { result: ok }\n",
                "5:13: expected a plain value, found the anchor &e (anchors and aliases are not supported)"),
            defect("a tag on an instance status", HEAD + "  - op: status\n    expect: { web: !!str ready }\n",
                "5:20: expected a plain value, found the tag !!str (tags are not supported)"),
            defect("an erratum mkspec does not model", "mkspec-trace: 1\nname: t\nerrata: [D3, D16]\nsteps: []\n",
                "3:14: errata: expected an erratum mkspec models (D1, D2, D3, D4, D5, D6, D7, D8, D9, D10, D11, D12,"
                    + " D13, D14, D15, D17, D18, D20), found 'D16'"),
            defect("a tag", HEAD + "  - op: upload-device-tree\n    dtb: !!binary AAAA\n",
                "5:10: expected a plain value, found the tag !!binary (tags are not supported)"),
            defect("a tag on the trace's name", "mkspec-trace: 1\nname: !!str t\nsteps: []\n",
                "2:7: expected a plain value, found the tag !!str (tags are not supported)"),
            defect("a tag on an instance's name", HEAD + "  - op: upload-device-tree\n    instances:\n"
                    + "      - { name: !!str web, id: 1 }\n",
                "6:17: expected a plain value, found the tag !!str (tags are not supported)"),
            defect("a list used as a key", HEAD + "  - op: status\n    ? [a]\n    : b\n",
                "5:8: expected a plain key, found a list or map used as a key"),
            defect("a control character", "mkspec-trace: 1\nname: t\u0001\nsteps: []\n",
                "2:8: expected printable text, found the non-printable character U+0001"),

            // ---- the version
            defect("no mkspec-trace key", "name: t\nsteps: []\n",
                "1:1: trace: expected key 'mkspec-trace' (the format version, 1), found none"),
            defect("a future version", "mkspec-trace: 2\nname: t\nsteps: []\nsomething-new: 1\n",
                "1:15: unsupported trace version 2: this mkspec reads version 1"),
            defect("a version that is not a number", "mkspec-trace: one\nname: t\nsteps: []\n",
                "1:15: mkspec-trace: expected the format version 1, found 'one'"),

            // ---- the top level
            defect("an unknown top-level key", "mkspec-trace: 1\nname: t\nsteps: []\nmachines: {}\n",
                "4:1: trace: expected one of mkspec-trace, name, description, profile, errata, machine, steps,"
                    + " found key 'machines'"),
            defect("no name", "mkspec-trace: 1\nsteps: []\n",
                "1:1: trace: expected key 'name', found none"),
            defect("a name that breaks the pattern", "mkspec-trace: 1\nname: Web_1\nsteps: []\n",
                "2:7: name: expected a name ([a-z0-9][a-z0-9-]*), found 'Web_1'"),
            defect("no steps", "mkspec-trace: 1\nname: t\n",
                "1:1: trace: expected key 'steps', found none"),
            defect("steps as a map", "mkspec-trace: 1\nname: t\nsteps: { op: status }\n",
                "3:8: steps: expected a list of steps, found a map"),
            defect("an unknown profile", "mkspec-trace: 1\nname: t\nprofile: rfcv2\nsteps: []\n",
                "3:10: profile: expected rfc-v2 or fixed, found 'rfcv2'"),
            defect("an erratum id of the wrong form", "mkspec-trace: 1\nname: t\nerrata: [D3, X3]\nsteps: []\n",
                "3:14: errata: expected an erratum id (D and a number, like D3), found 'X3'"),
            defect("an erratum listed twice", "mkspec-trace: 1\nname: t\nerrata: [D3, D3]\nsteps: []\n",
                "3:14: errata: expected each erratum once, found 'D3' again"),
            defect("errata as a scalar", "mkspec-trace: 1\nname: t\nerrata: D3\nsteps: []\n",
                "3:9: errata: expected a list of erratum ids (like [D3]), found 'D3'"),
            defect("description as a list", "mkspec-trace: 1\nname: t\ndescription: [a]\nsteps: []\n",
                "3:14: description: expected text, found a list"),

            // ---- the machine
            defect("machine as a list", "mkspec-trace: 1\nname: t\nmachine: [4096]\nsteps: []\n",
                "3:10: machine: expected a map {page-size, cpus, pool}, found a list"),
            defect("an unknown machine key", "mkspec-trace: 1\nname: t\nmachine:\n  memory: 1G\nsteps: []\n",
                "4:3: machine: expected one of page-size, cpus, pool, found key 'memory'"),
            defect("a page size that is not a power of two",
                "mkspec-trace: 1\nname: t\nmachine:\n  page-size: 1000\nsteps: []\n",
                "4:14: page-size: expected a page size (a power of two from 4K to 64K), found '1000'"),
            defect("a page size the model does not take",
                "mkspec-trace: 1\nname: t\nmachine:\n  page-size: 2M\nsteps: []\n",
                "4:14: page-size: expected a page size (a power of two from 4K to 64K), found '2M'"),
            defect("a misaligned pool", "mkspec-trace: 1\nname: t\nmachine: { pool: 4K@0x40000001 }\nsteps: []\n",
                "3:18: pool: expected a size and an address that are multiples of the page size (0x1000), found"
                    + " '4K@0x40000001'"),
            defect("a pool at 0", "mkspec-trace: 1\nname: t\nmachine: { pool: 64M@0 }\nsteps: []\n",
                "3:18: pool: expected a pool that does not start at 0 (mkkernel_pool refuses it), found '64M@0'"),
            defect("a machine without CPUs", "mkspec-trace: 1\nname: t\nmachine: { cpus: 0 }\nsteps: []\n",
                "3:18: cpus: expected a CPU count (1 to 8192), found '0'"),
            defect("a CPU count written as a word", "mkspec-trace: 1\nname: t\nmachine: { cpus: eight }\nsteps: []\n",
                "3:18: cpus: expected a CPU count (1 to 8192), found 'eight', which is not a number"),
            defect("a pool beyond the physical address space",
                "mkspec-trace: 1\nname: t\nmachine: { pool: 0x7fff000000000000@0x1000 }\nsteps: []\n",
                "3:18: pool: expected a pool that ends at most at 4P (0x10000000000000, the widest physical address"
                    + " space), found '0x7fff000000000000@0x1000'"),
            defect("a pool without an address", "mkspec-trace: 1\nname: t\nmachine: { pool: 64M }\nsteps: []\n",
                "3:18: pool: expected size@address (like 64M@1G or 0x4000000@0x40000000), found '64M', which has"
                    + " no '@' between size and address"),
            defect("a pool with a fractional address",
                "mkspec-trace: 1\nname: t\nmachine: { pool: 64M@1.5G }\nsteps: []\n",
                "3:18: pool: expected size@address (like 64M@1G or 0x4000000@0x40000000), found '64M@1.5G', which"
                    + " has an address that has a fraction"),

            // ---- steps and their arguments
            defect("a step that is a bare word", HEAD + "  - status\n",
                "4:5: step: expected a map with key 'op', found 'status'"),
            defect("a step without op", HEAD + "  - name: web\n",
                "4:5: step: expected key 'op', found none"),
            defect("an unknown op", HEAD + "  - op: kexec-load\n    id: 1\n",
                "4:9: op: expected one of upload-device-tree, mkdir, rmdir, status, kexec-file-load,"
                    + " kexec-file-load-default, kexec-file-unload, reboot-multikernel, reboot-other, spawned-boot,"
                    + " host-reuse-freed-pages, found 'kexec-load'"),
            defect("a misspelt required key", HEAD + "  - op: mkdir\n    nmae: web\n",
                "4:5: mkdir step: expected key 'name', found none"),
            defect("a misspelt key after the required one", HEAD + "  - op: mkdir\n    name: web\n    expcet: ok\n",
                "6:5: mkdir step: expected one of thread, op, name, expect, found key 'expcet'"),
            defect("an argument of another op", HEAD + "  - op: status\n    id: 1\n",
                "5:5: status step: expected one of thread, op, expect, found key 'id'"),
            defect("a thread beyond the three a trace may name", HEAD + "  - thread: 4\n    op: status\n",
                "4:13: thread: expected a thread from 1 to 3, found '4'"),
            defect("a step name that breaks the pattern", HEAD + "  - op: mkdir\n    name: web/1\n",
                "5:11: name: expected a name ([a-z0-9][a-z0-9-]*), found 'web/1'"),
            defect("both id and flags", HEAD + "  - op: kexec-file-load\n    id: 1\n    flags: 0x20\n    segments: []\n",
                "6:5: kexec-file-load step: expected either 'id' or 'flags', found both"),
            defect("neither id nor flags", HEAD + "  - op: kexec-file-load\n    segments: [1M]\n",
                "4:5: kexec-file-load step: expected key 'id' or 'flags', found neither"),
            defect("an id that is a word", HEAD + "  - op: spawned-boot\n    id: web\n",
                "5:9: id: expected an integer (decimal or 0x hex), found 'web', which is not a number"),
            defect("a negative id", HEAD + "  - op: reboot-multikernel\n    id: -1\n",
                "5:9: id: expected an integer (decimal or 0x hex), found '-1', which is negative"),
            defect("an id with a size suffix", HEAD + "  - op: kexec-file-unload\n    id: 1K\n",
                "5:9: id: expected an integer (decimal or 0x hex), found '1K', which has a size suffix (only sizes"
                    + " take K, M or G)"),
            defect("flags that are not hex", HEAD + "  - op: kexec-file-load\n    flags: 0x2g0\n    segments: []\n",
                "5:12: flags: expected an integer (decimal or 0x hex), found '0x2g0', which has a non-hex digit 'g'"),
            defect("no segments", HEAD + "  - op: kexec-file-load-default\n",
                "4:5: kexec-file-load-default step: expected key 'segments', found none"),
            defect("segments as a single size", HEAD + "  - op: kexec-file-load\n    id: 1\n    segments: 1M\n",
                "6:15: segments: expected a list of segments (sizes or {size, align, min, max} maps), found '1M'"),
            defect("a fractional segment size", HEAD + "  - op: kexec-file-load\n    id: 1\n    segments: [1M, 1.5M]\n",
                "6:20: segment: expected a size (like 2M, 8K, 0x2000 or 4096), found '1.5M', which has a fraction"),
            defect("a segment size with an unknown suffix", HEAD + "  - op: kexec-file-load-default\n    segments: [2Q]\n",
                "5:16: segment: expected a size (like 2M, 8K, 0x2000 or 4096), found '2Q', which has an unknown"
                    + " suffix 'Q' (use K, M or G)"),
            defect("a segment map with an unknown key",
                HEAD + "  - op: kexec-file-load-default\n    segments: [{ size: 1M, alignment: 2M }]\n",
                "5:28: segment: expected one of size, align, min, max, found key 'alignment'"),
            defect("a segment bound that is not an address",
                HEAD + "  - op: kexec-file-load-default\n    segments: [{ size: 1M, max: top }]\n",
                "5:33: max: expected an address (like 0x40000000 or 1G), found 'top', which is not a number"),
            defect("a segment map without size", HEAD + "  - op: kexec-file-load-default\n    segments: [{ align: 2M }]\n",
                "5:16: segment: expected key 'size', found none"),
            defect("a segment that is a list", HEAD + "  - op: kexec-file-load-default\n    segments: [[1M]]\n",
                "5:16: segment: expected a size or a {size, align, min, max} map, found a list"),
            defect("a hex segment size with a suffix", HEAD + "  - op: kexec-file-load-default\n    segments: [0x10M]\n",
                "5:16: segment: expected a size (like 2M, 8K, 0x2000 or 4096), found '0x10M', which has a K/M/G"
                    + " suffix on a hex number (write the size in decimal)"),
            defect("a size too large for 64 bits",
                HEAD + "  - op: kexec-file-load-default\n    segments: [99999999999999999999]\n",
                "5:16: segment: expected a size (like 2M, 8K, 0x2000 or 4096), found '99999999999999999999', which"
                    + " is too large (the limit is 0x7fffffffffffffff)"),
            defect("both instances and dtb", HEAD + "  - op: upload-device-tree\n    instances: []\n    dtb: AAAA\n",
                "6:5: upload-device-tree step: expected either 'instances' or 'dtb', found both"),
            defect("neither instances nor dtb", HEAD + "  - op: upload-device-tree\n    expect: ok\n",
                "4:5: upload-device-tree step: expected key 'instances' or 'dtb', found neither"),
            defect("a dtb that is not base64", HEAD + "  - op: upload-device-tree\n    dtb: 0xd00dfeed\n",
                "5:10: dtb: expected base64 bytes of a DTB, found '0xd00dfeed', which is not a whole number of"
                    + " 4-character groups"),
            defect("a dtb with a character outside base64", HEAD + "  - op: upload-device-tree\n    dtb: AA!A\n",
                "5:10: dtb: expected base64 bytes of a DTB, found 'AA!A', which has '!', which is not base64"),
            defect("an instance that is a bare name", HEAD + "  - op: upload-device-tree\n    instances: [web]\n",
                "5:17: instance: expected a map {name, id, cpus, memory-bytes}, found 'web'"),
            defect("an unknown instance key",
                HEAD + "  - op: upload-device-tree\n    instances:\n      - { name: web, memory: 2M }\n",
                "6:22: instance: expected one of name, id, cpus, memory-bytes, found key 'memory'"),
            defect("memory-bytes with an unknown suffix",
                HEAD + "  - op: upload-device-tree\n    instances:\n      - { name: web, memory-bytes: 2MB }\n",
                "6:36: memory-bytes: expected a size (like 2M, 8K, 0x2000 or 4096), found '2MB', which has an"
                    + " unknown suffix 'MB' (use K, M or G)"),
            defect("cpus as a single number",
                HEAD + "  - op: upload-device-tree\n    instances:\n      - { name: web, cpus: 1 }\n",
                "6:28: cpus: expected a list of CPU numbers (like [1, 2]), found '1'"),
            defect("a CPU number beyond the largest machine",
                HEAD + "  - op: upload-device-tree\n    instances:\n      - { cpus: [1, 8192] }\n",
                "6:21: cpus: expected a CPU number (0 to 8191), found '8192'"),
            defect("a write chunk of zero bytes",
                HEAD + "  - op: upload-device-tree\n    instances: []\n    write-chunk: 0\n",
                "6:18: write-chunk: expected a size (bytes per write() call) from 1 to 0x7fffffff (the model's int"
                    + " count per write() call), found '0'"),
            defect("a write-chunk beyond an int",
                HEAD + "  - op: upload-device-tree\n    instances: []\n    write-chunk: 0x80000000\n",
                "6:18: write-chunk: expected a size (bytes per write() call) from 1 to 0x7fffffff (the model's int"
                    + " count per write() call), found '0x80000000'"),
            defect("a segment of 2^63 - 1 bytes",
                HEAD + "  - op: kexec-file-load\n    id: 1\n    segments: [0x7fffffffffffffff]\n",
                "6:16: segment: expected a size (like 2M, 8K, 0x2000 or 4096) of at most 4P (0x10000000000000, the"
                    + " widest physical address space), found '0x7fffffffffffffff'"),
            defect("a segment alignment beyond the physical address space",
                HEAD + "  - op: kexec-file-load\n    id: 1\n    segments: [{ size: 4K, align: 0x20000000000000 }]\n",
                "6:35: align: expected a size (like 2M, 8K, 0x2000 or 4096) of at most 4P (0x10000000000000, the"
                    + " widest physical address space), found '0x20000000000000'"),
            defect("an instance's memory beyond a u32 cell",
                HEAD + "  - op: upload-device-tree\n    instances:\n      - { name: web, id: 1, memory-bytes: 4G }\n",
                "6:43: memory-bytes: expected a size (like 2M, 8K, 0x2000 or 4096) of at most 0xffffffff (one u32 cell"
                    + " of the device tree; dtb: writes any other bytes), found '4G'"),
            defect("an instance id beyond a u32 cell",
                HEAD + "  - op: upload-device-tree\n    instances:\n      - { name: web, id: 0x100000001 }\n",
                "6:26: id: expected an integer (decimal or 0x hex) of at most 0xffffffff (one u32 cell of the device"
                    + " tree; dtb: writes any other bytes), found '0x100000001'"),
            defect("a reboot id beyond an int", HEAD + "  - op: reboot-multikernel\n    id: 0x80000000\n",
                "5:9: id: expected an integer (decimal or 0x hex) of at most 0x7fffffff (the kernel's int mk_id), found"
                    + " '0x80000000'"),
            defect("a spawned-boot id beyond an int", HEAD + "  - op: spawned-boot\n    id: 4294967297\n",
                "5:9: id: expected an integer (decimal or 0x hex) of at most 0x7fffffff (the kernel's int mk_id), found"
                    + " '4294967297'"),
            defect("bad-pointer as yes", HEAD + "  - op: reboot-multikernel\n    id: 1\n    bad-pointer: yes\n",
                "6:18: bad-pointer: expected true or false, found 'yes'"),
            defect("an unknown load failure point", HEAD + "  - op: kexec-file-load\n    id: 1\n    segments: []\n"
                    + "    fail-at: notifier-lookup\n",
                "7:14: fail-at: expected one of fdt-page, prepare-segments, control-pages, post-load, found"
                    + " 'notifier-lookup'"),
            defect("an unknown reboot failure point", HEAD + "  - op: reboot-multikernel\n    id: 1\n"
                    + "    fail-at: post-load\n",
                "6:14: fail-at: expected one of notifier-lookup, notifier-no-dtb, found 'post-load'"),

            // ---- expectations
            defect("an errno that does not exist", HEAD + "  - op: mkdir\n    name: web\n    expect: EINVALID\n",
                "6:13: expect: expected ok, hang, bug or an errno name (like EINVAL), found 'EINVALID'"),
            defect("an errno in lower case", HEAD + "  - op: mkdir\n    name: web\n    expect: einval\n",
                "6:13: expect: expected ok, hang, bug or an errno name (like EINVAL), found 'einval'"),
            defect("an alias of an errno", HEAD + "  - op: mkdir\n    name: web\n    expect: EWOULDBLOCK\n",
                "6:13: expect: expected ok, hang, bug or an errno name (like EINVAL), found 'EWOULDBLOCK'"),
            defect("an expect with nothing after it", HEAD + "  - op: mkdir\n    name: web\n    expect:\n",
                "6:12: expect: expected a result (ok, hang, bug or an errno name (like EINVAL)) or a map of result or"
                    + " violations, found nothing"),
            defect("an expect that is a list", HEAD + "  - op: status\n    expect: [ok]\n",
                "5:13: expect: expected a result (ok, hang, bug or an errno name (like EINVAL)) or a map of result,"
                    + " violations or an instance name, found a list"),
            defect("an empty expect map", HEAD + "  - op: reboot-other\n    expect: {}\n",
                "5:13: expect: expected at least one of result or violations, found an empty map"),
            defect("a result word under result that is not one",
                HEAD + "  - op: reboot-other\n    expect: { result: fine }\n",
                "5:23: result: expected ok, hang, bug or an errno name (like EINVAL), found 'fine'"),
            defect("a status word that does not exist", HEAD + "  - op: status\n    expect: { web: running }\n",
                "5:20: web: expected one of empty, ready, loading, loaded, active, failed, absent, found 'running'"),
            defect("a status key that is not a name", HEAD + "  - op: status\n    expect: { Web: ready }\n",
                "5:15: expect: expected result, violations or an instance name, found key 'Web'"),
            defect("a status expected on mkdir", HEAD + "  - op: mkdir\n    name: web\n    expect: { web: ready }\n",
                "6:15: expect: expected result or violations, found key 'web' (instance statuses only on status)"),
            defect("restored expected on reboot-multikernel",
                HEAD + "  - op: reboot-multikernel\n    id: 1\n    expect: { restored: none }\n",
                "6:15: expect: expected result, handover-bytes or violations, found key 'restored' (only on"
                    + " spawned-boot)"),
            defect("handover-bytes expected on spawned-boot",
                HEAD + "  - op: spawned-boot\n    id: 1\n    expect: { handover-bytes: 512 }\n",
                "6:15: expect: expected result, restored or violations, found key 'handover-bytes' (only on"
                    + " reboot-multikernel)"),
            defect("restored as a word other than none",
                HEAD + "  - op: spawned-boot\n    id: 1\n    expect: { restored: nothing }\n",
                "6:25: restored: expected none or a map {name, id, cpus, memory-bytes}, found 'nothing'"),
            defect("a restored instance with an unknown key",
                HEAD + "  - op: spawned-boot\n    id: 1\n    expect: { restored: { name: web, pages: 512 } }\n",
                "6:38: restored: expected one of name, id, cpus, memory-bytes, found key 'pages'"),
            defect("an invariant that does not exist",
                HEAD + "  - op: rmdir\n    name: web\n    expect: { violations: [pool-conservd] }\n",
                "6:28: violations: expected an invariant name (segments-disjoint, segments-inside-instance,"
                    + " instances-disjoint, pool-conserved, no-pool-leak, lifecycle-consistent, failed-op-atomic,"
                    + " ids-loadable, images-independent, running-protected, handover-fits-page,"
                    + " handover-well-formed, restore-faithful, handover-page-alive, fdt-reads-in-bounds,"
                    + " reboot-lock-released, no-use-after-free), found 'pool-conservd'"),
            defect("an empty violations list", HEAD + "  - op: rmdir\n    name: web\n    expect: { violations: [] }\n",
                "6:27: violations: expected at least one invariant name, found an empty list"),
            defect("an invariant listed twice",
                HEAD + "  - op: rmdir\n    name: web\n    expect: { violations: [no-pool-leak, no-pool-leak] }\n",
                "6:42: violations: expected each invariant once, found 'no-pool-leak' again"),
            defect("violations as a single word",
                HEAD + "  - op: rmdir\n    name: web\n    expect: { violations: no-pool-leak }\n",
                "6:27: violations: expected a list of invariant names, found 'no-pool-leak'"),
            defect("handover-bytes that is not a size",
                HEAD + "  - op: reboot-multikernel\n    id: 1\n    expect: { handover-bytes: lots }\n",
                "6:31: handover-bytes: expected a size (like 2M, 8K, 0x2000 or 4096), found 'lots', which is not a"
                    + " number"),
            defect("a name that is YAML null", HEAD + "  - op: mkdir\n    name: ~\n",
                "5:11: name: expected a name ([a-z0-9][a-z0-9-]*), found null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defects")
    void aMalformedTraceIsRejectedWithOneLocatedLineSayingWhatWasExpectedAndFound(Defect defect) {
        TraceReadResult result = TraceReader.read(defect.yaml(), "bad.yaml");

        TraceReadResult.Rejected rejected = assertInstanceOf(TraceReadResult.Rejected.class, result,
                () -> "accepted: " + defect.yaml());
        assertEquals("bad.yaml:" + defect.firstProblem(), rejected.first().render());
        for (TraceProblem problem : rejected.problems()) {
            assertTrue(!problem.render().contains("\n") && !problem.render().contains("Exception"),
                    problem.render());
        }
    }

    @Test
    void theSuiteCoversAtLeastThirtyDistinctDefects() {
        List<Defect> all = defects().toList();
        Set<String> names = new HashSet<>();
        Set<String> texts = new HashSet<>();
        all.forEach(d -> {
            names.add(d.defect());
            texts.add(d.yaml());
        });
        assertEquals(all.size(), names.size(), "defect names are distinct");
        assertEquals(all.size(), texts.size(), "defect traces are distinct");
        assertTrue(all.size() >= 30, "only " + all.size() + " defects");
    }
}
