// SPDX-License-Identifier: GPL-2.0
/*
 * A small JSON printer, compact, one document per call sequence: it places
 * the commas, quotes the keys and escapes the strings, so that the commands
 * never print JSON by hand. Bytes that are not printable ASCII are escaped
 * as \u00XX, so that the output is valid UTF-8 whatever the input held.
 */

#include <math.h>

#include "tcphs.h"

void json_init(struct json *j, FILE *f)
{
	*j = (struct json){ .f = f };
}

static void json_string(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < ' ' || *p > '~')
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* The comma before a member, and its key inside an object. */
static void json_member(struct json *j, const char *key)
{
	if (j->depth) {
		if (!j->first[j->depth])
			fputc(',', j->f);
		j->first[j->depth] = false;
	}
	if (key) {
		json_string(j->f, key);
		fputc(':', j->f);
	}
}

static void json_open(struct json *j, const char *key, char c)
{
	json_member(j, key);
	fputc(c, j->f);
	j->first[++j->depth] = true;
}

static void json_close(struct json *j, char c)
{
	fputc(c, j->f);
	j->depth--;
	if (!j->depth)
		fputc('\n', j->f);
}

void json_obj_open(struct json *j, const char *key)
{
	json_open(j, key, '{');
}

void json_obj_close(struct json *j)
{
	json_close(j, '}');
}

void json_arr_open(struct json *j, const char *key)
{
	json_open(j, key, '[');
}

void json_arr_close(struct json *j)
{
	json_close(j, ']');
}

void json_str(struct json *j, const char *key, const char *val)
{
	json_member(j, key);
	json_string(j->f, val);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	json_member(j, key);
	fprintf(j->f, "%llu", (unsigned long long)val);
}

/* JSON has no NaN or infinity: those are null. */
void json_double(struct json *j, const char *key, double val)
{
	json_member(j, key);
	if (isfinite(val))
		fprintf(j->f, "%.3f", val);
	else
		fputs("null", j->f);
}

/* Microseconds as seconds with six decimals, exactly. */
void json_us(struct json *j, const char *key, uint64_t us)
{
	json_member(j, key);
	fprintf(j->f, "%llu.%06u", (unsigned long long)(us / 1000000),
		(unsigned int)(us % 1000000));
}

void json_sample_open(struct json *j, FILE *f, const struct sample *t)
{
	json_init(j, f);
	json_obj_open(j, NULL);
	json_double(j, "time", t->time);
	if (t->interval > 0)
		json_double(j, "interval", t->interval);
}
