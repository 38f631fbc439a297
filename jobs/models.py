"""Work orders, work sessions, attendance and skills practised (to come)."""
