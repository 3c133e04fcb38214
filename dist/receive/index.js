import{F as t,c as r}from"./chunk-M7RO7GWO.js";await t();r();
