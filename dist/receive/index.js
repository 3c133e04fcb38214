import{E as t,c as r}from"./chunk-L2SLH5OZ.js";await t();r();
