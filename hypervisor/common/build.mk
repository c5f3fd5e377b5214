obj-y += cmdline.o
obj-y += console.o
obj-y += init.o
obj-y += keyhandler.o
obj-y += percpu.o
obj-y += symbols.o
obj-y += version.o
