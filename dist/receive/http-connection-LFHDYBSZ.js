import{a}from"./chunk-XNBMQTM5.js";import"./chunk-E45YKGCK.js";export{a as openConnection};
