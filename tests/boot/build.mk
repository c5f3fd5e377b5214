# QEMU boot tests
boot-tests:
