import{S as t,c as r}from"./chunk-27ISYLU3.js";await t();r();
