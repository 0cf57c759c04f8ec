/*
 * mineralctl.h - libmineralctl, a screen for strategic-mineral export controls.
 *
 *   mctl_policy *p; mctl_record *r; mctl_result *res;
 *   mctl_policy_load(&p, "policies/cn", NULL, &err);   // once
 *   mctl_record_new(&r, NULL);
 *   mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "gallium ingot 4N", -1, NULL);
 *   mctl_record_set(r, MCTL_FIELD_TO, "US", -1, NULL);
 *   mctl_classify(p, r, &res, NULL);                    // many times, any thread
 *   mctl_result_verdict(res);
 *
 * Records can also be read from JSON Lines, CSV and WCO declarations (XML):
 * see mineralctl/io.h.
 *
 * See mineralctl/common.h for the conventions every function follows.
 */
#ifndef MINERALCTL_H
#define MINERALCTL_H

#include <mineralctl/version.h>
#include <mineralctl/common.h>
#include <mineralctl/policy.h>
#include <mineralctl/record.h>
#include <mineralctl/classify.h>
#include <mineralctl/holder.h>
#include <mineralctl/io.h>
#include <mineralctl/report.h>

#endif
