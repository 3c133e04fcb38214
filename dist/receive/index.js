import{S as t,c as r}from"./chunk-KUXPKBKF.js";await t();r();
