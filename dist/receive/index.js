import{P as t,c as r}from"./chunk-3LJZ33ZA.js";await t();r();
