/* test_sha256.c - SHA-256 against the FIPS 180-4 example messages (and
 * the lengths around the padding boundaries), whole and fed in pieces. */
#include <stdlib.h>

#include "unit.h"
#include "../../base/sha256.h"

/* The digest of n bytes at p, fed in one update. */
static void
digest(const void *p, size_t n, char hex[65])
{
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, p, n);
	sha256_hex(&h, hex);
}

/* The digest of n bytes at p, fed in pieces of the given sizes, round
 * and round until n is used up. */
static void
digest_chunked(const char *p, size_t n, const size_t *sizes, size_t nsizes,
    char hex[65])
{
	struct sha256 h;
	size_t i = 0, take;

	sha256_init(&h);
	while (n > 0) {
		take = sizes[i++ % nsizes];
		if (take > n)
			take = n;
		sha256_update(&h, p, take);
		p += take;
		n -= take;
	}
	sha256_hex(&h, hex);
}

UNIT_TEST(sha256_fips_short_messages)
{
	static const char two_blocks[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char long_896[] =
	    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	char hex[65];

	digest("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	digest("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK_INT(strlen(two_blocks), 56);
	digest(two_blocks, 56, hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	CHECK_INT(strlen(long_896), 112);
	digest(long_896, 112, hex);
	CHECK_STR(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	digest("\0\xff", 2, hex);
	CHECK_STR(hex, "06eb7d6a69ee19e5fbdf749018d3d2abfa04bcbd1365db312eb86dc7169389b8");
}

UNIT_TEST(sha256_fips_abc_byte_by_byte)
{
	static const size_t one[] = { 1 };
	static const char two_blocks[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	struct sha256 h;
	char hex[65];

	sha256_init(&h);
	sha256_update(&h, "a", 1);
	sha256_update(&h, "", 0);
	sha256_update(&h, "bc", 2);
	sha256_hex(&h, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	digest_chunked(two_blocks, 56, one, 1, hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

UNIT_TEST(sha256_million_a_uneven_chunks)
{
	static const size_t uneven[] = { 1, 63, 64, 65, 7, 1000, 55, 56, 3, 4096 };
	static const size_t whole[] = { 1000000 };
	const char *want =
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	char *a = malloc(1000000), hex[65];

	CHECK(a != NULL);
	if (a == NULL)
		return;
	memset(a, 'a', 1000000);
	digest_chunked(a, 1000000, uneven, sizeof(uneven) / sizeof(uneven[0]),
	    hex);
	CHECK_STR(hex, want);
	digest_chunked(a, 1000000, whole, 1, hex);
	CHECK_STR(hex, want);
	free(a);
}

/* Lengths where the padding spills into a second block, or just fits. */
UNIT_TEST(sha256_padding_boundaries)
{
	static const struct {
		size_t		 n;
		const char	*hex;
	} cases[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	};
	static const size_t threes[] = { 3 };
	char a[128], hex[65];
	size_t i;

	memset(a, 'a', sizeof(a));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		digest(a, cases[i].n, hex);
		CHECK_STR(hex, cases[i].hex);
		digest_chunked(a, cases[i].n, threes, 1, hex);
		CHECK_STR(hex, cases[i].hex);
	}
}
