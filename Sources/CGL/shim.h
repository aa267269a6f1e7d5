#pragma once
/* Linking only: libepoxy (CEpoxy) supplies every GL declaration; including GL/gl.h here would clash with it. */
