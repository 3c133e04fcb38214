import{F as t,c as r}from"./chunk-NOFYJSTX.js";await t();r();
