import{S as t,c as r}from"./chunk-F63H6PNZ.js";await t();r();
