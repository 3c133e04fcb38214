import{S as t,c as r}from"./chunk-2R7WEV74.js";await t();r();
