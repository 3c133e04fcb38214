import{N as t,c as r}from"./chunk-E45YKGCK.js";await t();r();
