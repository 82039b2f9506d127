"""Pure case-management rules and entities: no Qt, no SQL, no HTTP."""
