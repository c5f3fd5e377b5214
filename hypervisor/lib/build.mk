obj-y += string.o
obj-y += vsnprintf.o
obj-y += strlcpy.o
