package odootest

import "time"

// --- working time ------------------------------------------------------------

// The calendar "Standard 40 hours/week" of the resource module: Monday to
// Friday 8:00-12:00 and 13:00-17:00 in Europe/Brussels. Every calendar of
// the fake works these hours (the captured servers had only this one).
var workIntervals = [][2]int{{8, 12}, {13, 17}}

// brussels is Europe/Brussels' offset at t: CET, CEST from the last Sunday
// of March to the last Sunday of October (01:00 UTC), without tzdata.
func brussels(t time.Time) *time.Location {
	t = t.UTC()
	lastSunday := func(month time.Month) time.Time {
		d := time.Date(t.Year(), month+1, 1, 1, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
		for d.Weekday() != time.Sunday {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	if !t.Before(lastSunday(time.March)) && t.Before(lastSunday(time.October)) {
		return time.FixedZone("CEST", 2*3600)
	}
	return time.FixedZone("CET", 3600)
}

// workDay answers the working intervals of the local day of t, in UTC.
func workDay(t time.Time) [][2]time.Time {
	noon := t.In(brussels(t))
	noon = time.Date(noon.Year(), noon.Month(), noon.Day(), 12, 0, 0, 0, noon.Location())
	if wd := noon.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return nil
	}
	loc := brussels(noon)
	out := make([][2]time.Time, 0, len(workIntervals))
	for _, iv := range workIntervals {
		out = append(out, [2]time.Time{
			time.Date(noon.Year(), noon.Month(), noon.Day(), iv[0], 0, 0, 0, loc).UTC(),
			time.Date(noon.Year(), noon.Month(), noon.Day(), iv[1], 0, 0, 0, loc).UTC(),
		})
	}
	return out
}

// planHours is resource.calendar.plan_hours: the instant hours of working
// time after start (with 0 hours, the first working instant from start).
func planHours(start time.Time, hours float64) time.Time {
	left := time.Duration(hours * float64(time.Hour))
	day := start.UTC()
	for i := 0; i < 3660; i++ {
		for _, iv := range workDay(day) {
			from := iv[0]
			if start.After(from) {
				from = start
			}
			if !from.Before(iv[1]) {
				continue
			}
			if avail := iv[1].Sub(from); left <= avail {
				return from.Add(left)
			} else {
				left -= avail
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	return start
}

// workHours is resource.calendar.get_work_hours_count between a and b.
func workHours(a, b time.Time) float64 {
	var total time.Duration
	for day := a.UTC(); !day.After(b.AddDate(0, 0, 1)); day = day.AddDate(0, 0, 1) {
		for _, iv := range workDay(day) {
			from, to := iv[0], iv[1]
			if a.After(from) {
				from = a
			}
			if b.Before(to) {
				to = b
			}
			if to.After(from) {
				total += to.Sub(from)
			}
		}
	}
	return total.Hours()
}

// addWeekdays moves t n weekdays (Monday to Friday) later.
func addWeekdays(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if wd := t.In(brussels(t)).Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}
