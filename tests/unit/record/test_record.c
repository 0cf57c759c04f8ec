/* Records: extra classification codes, and the internal copy the WCO reader queues records with. */
#include "../../common.h"
#include "record/record.h"

Test(record, extra_codes)
{
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	cr_assert_eq(mctl_record_code_count(r), 0);
	cr_assert_eq(mctl_record_add_code(r, "TRA", "B999", NULL), MCTL_OK);
	cr_assert_eq(mctl_record_add_code(r, "GN", "VATZ", NULL), MCTL_OK);
	cr_assert_eq(mctl_record_code_count(r), 2);
	cr_assert_str_eq(mctl_record_code_type(r, 0), "TRA");
	cr_assert_str_eq(mctl_record_code_value(r, 0), "B999");
	cr_assert_str_eq(mctl_record_code_type(r, 1), "GN");
	cr_assert_str_eq(mctl_record_code_value(r, 1), "VATZ");
	cr_assert_null(mctl_record_code_type(r, 2));
	cr_assert_null(mctl_record_code_value(r, 2));
	cr_assert_null(mctl_record_get(r, MCTL_FIELD_CODE, NULL), "the commodity code stays apart");

	mctl_error *err = NULL;
	cr_assert_eq(mctl_record_add_code(r, "", "1", &err), MCTL_EINVAL);
	mctl_error_free(err);
	cr_assert_eq(mctl_record_add_code(r, "TRA", "B 999", &err), MCTL_EINVAL);
	cr_assert(strstr(mctl_error_message(err), "TRA code 'B 999'"));
	mctl_error_free(err);
	cr_assert_eq(mctl_record_add_code(r, "TRA", "0123456789012345678901234567890", NULL), MCTL_OK, "31 characters");
	cr_assert_eq(mctl_record_add_code(r, "TRA", "01234567890123456789012345678901", NULL), MCTL_EINVAL, "32");
	cr_assert_eq(mctl_record_add_code(r, "T\xc3\xa9", "1", NULL), MCTL_EINVAL, "ASCII only");
	cr_assert_eq(mctl_record_add_code(NULL, "A", "1", NULL), MCTL_EINVAL);
	for (int i = 3; i < 16; i++)
		cr_assert_eq(mctl_record_add_code(r, "X", "1", NULL), MCTL_OK);
	cr_assert_eq(mctl_record_add_code(r, "X", "1", &err), MCTL_ELIMIT);
	cr_assert(strstr(mctl_error_message(err), "more than 16"));
	mctl_error_free(err);
	cr_assert_eq(mctl_record_code_count(r), 16);
	mctl_record_clear(r);
	cr_assert_eq(mctl_record_code_count(r), 0);
	cr_assert_eq(mctl_record_code_count(NULL), 0);
	mctl_record_free(r);
}

Test(record, copy)
{
	mctl_record *a = NULL, *b = NULL;
	cr_assert_eq(mctl_record_new(&a, NULL), MCTL_OK);
	cr_assert_eq(mctl_record_new(&b, NULL), MCTL_OK);
	mctl_record_set(a, MCTL_FIELD_ID, "A-1", (size_t)-1, NULL);
	mctl_record_set(a, MCTL_FIELD_DESCRIPTION, "gallium", (size_t)-1, NULL);
	mctl_record_set(a, MCTL_FIELD_TO, "us", (size_t)-1, NULL);
	mctl_record_add_route(a, "TH", NULL);
	mctl_record_add_code(a, "GN", "VATZ", NULL);
	mctl_record_add_component(a, "dysprosium", "CN", 0.5, -1, NULL);
	mctl_record_set_quantity(a, 3);
	mctl_record_set(b, MCTL_FIELD_CODE, "811292", (size_t)-1, NULL);
	mctl_record_set_value(b, 9);
	cr_assert_eq(mctl__record_copy(b, a), MCTL_OK);
	cr_assert_str_eq(mctl_record_get(b, MCTL_FIELD_ID, NULL), "A-1");
	cr_assert_str_eq(mctl_record_get(b, MCTL_FIELD_DESCRIPTION, NULL), "gallium");
	cr_assert_str_eq(mctl_record_get(b, MCTL_FIELD_TO, NULL), "US");
	cr_assert_null(mctl_record_get(b, MCTL_FIELD_CODE, NULL), "the copy replaces, it does not merge");
	cr_assert_eq(mctl_record_get_value(b, NULL), 0);
	double q = 0;
	cr_assert_eq(mctl_record_get_quantity(b, &q), 1);
	cr_assert_eq(q, 3);
	cr_assert_eq(mctl_record_route_count(b), 1);
	cr_assert_str_eq(mctl_record_route_at(b, 0), "TH");
	cr_assert_eq(mctl_record_code_count(b), 1);
	cr_assert_str_eq(mctl_record_code_value(b, 0), "VATZ");
	cr_assert_eq(mctl_record_component_count(b), 1);
	mctl_record_free(a);
	mctl_record_free(b);
}
