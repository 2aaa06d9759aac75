"""Our date and time formats (FORMAT_MODULE_PATH): Django's for each language, except that a
moment reads in the 12-hour clock with its zone named, as staff read times in the admin:
"2026년 12월 5일 오후 11:17 KST", "Dec. 5, 2026, 11:17 p.m. KST"."""
