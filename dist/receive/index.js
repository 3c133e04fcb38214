import{S as t,c as r}from"./chunk-USXZQT3V.js";await t();r();
