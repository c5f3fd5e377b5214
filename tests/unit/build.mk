# Host unit tests (cmocka)
unit-tests:
